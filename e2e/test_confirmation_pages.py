"""The pages that ask before what cannot be undone (#35: they replace the browser's confirm()): axe-clean at desktop
and phone width, and by keyboard the page's skip link reaches the button in at most four key presses."""

import pytest

from .conftest import check_page

pytestmark = pytest.mark.browser


def test_the_confirmation_pages_pass_axe_and_reach_their_button_by_keyboard(demo_site, session_for):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from supervision import demo as supervision_demo
    from supervision.models import SupervisionVisit

    supervision_demo.load_supervision()
    planned = SupervisionVisit.objects.planned().get(institution__name="Børnehuset Egebjerg")
    person = get_user_model().objects.get(username="dl.nord")
    page = session_for("admin")
    problems = []
    for name, url, button in (
            ("user-anonymise", reverse("districts:user_anonymise", args=[person.pk]), "Ja, anonymisér"),
            ("supervision-visit-cancel", reverse("supervision:visit_cancel", args=[planned.pk]), "Ja, aflys tilsynet")):
        page.goto(f"{demo_site}{url}")
        problems += check_page(page, name)
        page.keyboard.press("Tab")  # "Spring til indhold"
        page.keyboard.press("Tab")  # "Spring til “…”": the page's own skip link
        assert page.evaluate("document.activeElement.textContent.trim()") == f"Spring til “{button}”"
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "confirm-action":
            page.keyboard.press("Tab")  # the link moved the starting point, not the focus: the next Tab lands on it
        assert page.evaluate("document.activeElement.textContent.trim()") == button
    assert not problems, "\n".join(problems)
    # Nothing was done by looking.
    assert SupervisionVisit.objects.filter(pk=planned.pk).exists()
    assert get_user_model().objects.get(pk=person.pk).is_active
