"""English in a real browser: the switch reached with the keyboard, pages that say lang="en" and pass axe, and the
choice kept for the next login."""

import pytest
from django.urls import reverse

from budgetfollowup.models import FollowUpRound
from districts.models import District, Profile

from .conftest import check_page, dump, tab_to, text_is, wait_until

pytestmark = pytest.mark.browser


def test_english_with_the_switch_and_axe_clean(browser, demo_site, anonymous):
    from capacity import demo as capacity_demo
    from evaluations import demo as evaluation_demo
    from evaluations.models import Evaluation
    from supervision import demo as supervision_demo

    evaluation_demo.load_evaluation()
    capacity_demo.load_capacity()
    supervision_demo.load_supervision()
    page = anonymous

    # On the login page, before anyone is known: Tab to "English", Enter.
    page.goto(f"{demo_site}/login/")
    switch = tab_to(page, text_is("^English$"))
    assert switch["tag"] == "button"
    page.keyboard.press("Enter")
    wait_until(page, "document.documentElement.lang === 'en'")
    assert page.locator("h1").inner_text() == "Log in"
    problems = check_page(page, "en-login", lang="en")

    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("dagtilbud-demo")
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)

    nord = District.objects.get(name="Distrikt Nord")
    for name, url in [
        ("en-overview", reverse("dashboards:overview")),
        ("en-round-draft", reverse("budgetfollowup:round_detail", args=[FollowUpRound.objects.get(number=2).pk])),
        ("en-grid", reverse("budgetfollowup:round_grid", args=[FollowUpRound.objects.get(number=2).pk])),
        ("en-evaluation", reverse("evaluations:evaluation_detail", args=[Evaluation.objects.get().pk])),
        ("en-capacity", reverse("capacity:overview")),
        ("en-supervision", reverse("supervision:overview")),
        ("en-district", reverse("districts:district_detail", args=[nord.pk])),
        ("en-accessibility", reverse("accessibility")),
    ]:
        response = page.goto(f"{demo_site}{url}")
        assert response.status == 200, (name, response.status)
        problems += check_page(page, name, lang="en")
    response = page.goto(f"{demo_site}/findes-ikke/")
    assert response.status == 404 and page.locator("h1").inner_text() == "Page not found"
    problems += check_page(page, "en-404", lang="en")
    assert not problems, dump(problems)

    # Back to Danish from the header, with the keyboard; kept in the profile for the next login.
    page.goto(f"{demo_site}{reverse('evaluations:evaluation_list')}")
    tab_to(page, text_is("^Dansk$"))
    page.keyboard.press("Enter")
    wait_until(page, "document.documentElement.lang === 'da'")
    assert page.locator("h1").inner_text() == "Evalueringer"
    assert Profile.objects.get(user__username="admin").language == "da"
