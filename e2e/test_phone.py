"""On a phone and on a laptop (#23): the charts' text is readable at every width, month tables show the newest month
without scrolling, and the round's long page folds into sections with a table of contents."""

import pytest

from districts.models import District

from .conftest import SCREENSHOTS, axe_violations, dump, wait_until

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
WIDTHS = (("390", PHONE), ("1366", LAPTOP))

# The size each chart text is drawn at on the screen: its CSS font size times the scale the SVG draws it at (a viewBox
# shrinks both alike; the computed font size alone would still say 14 px).
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('svg[role=img] text')].map(t => ({
    text: t.textContent.trim(),
    size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
    height: t.getBoundingClientRect().height,
}))"""

# Where the newest month's cell is, against the scroll region holding the table and the window.
NEWEST_IN_VIEW = """(name) => {
    const cell = [...document.querySelectorAll('table th')].find(th => th.textContent.trim() === name);
    if (!cell) return {found: false};
    const region = cell.closest('.table-scroll') || document.documentElement;
    const r = cell.getBoundingClientRect(), area = region.getBoundingClientRect();
    return {found: true,
            inRegion: r.left >= area.left - 1 && r.right <= area.right + 1,
            inWindow: r.left >= 0 && r.right <= window.innerWidth};
}"""


def _capacity_pages():
    from django.urls import reverse

    from capacity import demo as capacity_demo
    from districts.models import Institution

    capacity_demo.load_capacity()
    nord = District.objects.get(name="Distrikt Nord")
    house = Institution.objects.filter(district=nord, capacity__isnull=False).first()
    return nord, house, [
        ("admin", "capacity", reverse("capacity:overview")),
        ("dl.nord", "capacity-district", reverse("capacity:district", args=[nord.pk])),
        ("dl.nord", "capacity-institution", reverse("capacity:institution", args=[house.pk])),
        ("dl.nord", "district-dashboard", reverse("dashboards:district", args=[nord.pk])),
        ("admin", "overview-dashboard", reverse("dashboards:overview")),
    ]


def test_chart_text_is_at_least_12_px_on_a_phone_and_a_laptop(demo_site, session_for):
    _nord, _house, pages = _capacity_pages()
    problems, measured = [], 0
    for username, name, url in pages:
        page = session_for(username)
        page.goto(f"{demo_site}{url}")
        for label, viewport in WIDTHS:
            page.set_viewport_size(viewport)
            page.screenshot(path=SCREENSHOTS / f"phone-{name}-{label}.png", full_page=True)
            texts = page.evaluate(CHART_TEXT_SIZES)
            assert texts, f"{name}: no chart"
            measured += len(texts)
            problems += [f"{name} at {label}: {t['text']!r} is {t['size']:.1f} px" for t in texts
                         if t["size"] < 12 or t["height"] < 12]
        page.set_viewport_size(LAPTOP)
    assert measured > 50
    assert not problems, "\n".join(problems)


def test_month_tables_show_the_newest_month_in_view_at_390_and_1366(demo_site, session_for):
    from capacity.models import MonthlyCapacity
    from dagtilbud import formatting

    _nord, house, pages = _capacity_pages()
    newest = formatting.month_name(MonthlyCapacity.objects.latest("month").month)
    for username, name, url in pages:
        if name == "overview-dashboard":
            continue  # no month table
        page = session_for(username)
        page.goto(f"{demo_site}{url}")
        for label, viewport in WIDTHS:
            page.set_viewport_size(viewport)
            where = page.evaluate(NEWEST_IN_VIEW, newest)
            assert where == {"found": True, "inRegion": True, "inWindow": True}, (name, label, newest, where)
        page.set_viewport_size(LAPTOP)


PAGE_HEIGHT = "document.body.getBoundingClientRect().height"
# Bootstrap scrolls smoothly: wait for the scroll to end where it should.
IN_VIEW = """(id) => { const r = document.getElementById(id).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight; }"""


def test_the_round_page_folds_on_a_phone_and_its_contents_link_to_every_part(demo_site, session_for):
    from django.urls import reverse

    from budgetfollowup.models import FollowUpRound, Initiative

    url = demo_site + reverse("budgetfollowup:round_detail", args=[FollowUpRound.objects.get(number=1).pk])
    page = session_for("udvalg")
    for label, viewport in WIDTHS:
        page.set_viewport_size(viewport)
        page.goto(url)  # the published round: the second visit's body comes from the cache
        page.screenshot(path=SCREENSHOTS / f"phone-round-{label}.png", full_page=True)
        folds = page.locator("details")
        shown, closed = page.evaluate(PAGE_HEIGHT), page.locator("details:not([open])").count()
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        whole = page.evaluate(PAGE_HEIGHT)
        if label == "390":
            # Contents, the changes (from the second round on), and each initiative's heading with its smileys; the
            # rest a tap away.
            assert closed == folds.count() and shown < whole / 3, (shown, whole)
        else:
            assert closed == 0 and shown == whole  # the laptop reads (and prints) the page whole

    page.set_viewport_size(PHONE)
    page.goto(url)
    # The folded page, as a phone loads it (the page list's axe run sees it unfolded: it loads at desktop width).
    violations = axe_violations(page)
    assert not violations, dump(violations)
    contents = page.get_by_role("navigation", name="Indhold")
    initiative = Initiative.objects.get(number="3.1")
    # Every section and initiative is in the contents, and each link lands on its part.
    assert contents.locator("a[href^='#initiative-']").count() == Initiative.objects.count()
    contents.get_by_role("link", name=f"3.1. {initiative.title}").click()
    page.wait_for_url(f"**#initiative-{initiative.pk}")
    wait_until(page, IN_VIEW, arg=f"initiative-{initiative.pk}")
    section = contents.locator("a[href^='#section-']").last
    target = section.get_attribute("href")[1:]
    section.click()
    wait_until(page, IN_VIEW, arg=target)
    # A folded part opens by keyboard: its summary is a button that says whether it is expanded.
    economy = page.locator("details.round-economy > summary")
    economy.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.round-economy").get_attribute("open") is not None
    page.locator("#economy-heading").wait_for(state="attached")
    # Followed from elsewhere (the dashboard's link to an initiative), the part linked to opens on a phone.
    page.goto(f"{demo_site}/")
    page.goto(f"{url}#initiative-{initiative.pk}")
    assert page.locator(f"details:has(#initiative-{initiative.pk})").get_attribute("open") is not None
    wait_until(page, IN_VIEW, arg=f"initiative-{initiative.pk}")


def test_a_later_rounds_changes_stay_unfolded_on_a_phone(demo_site, session_for):
    from django.urls import reverse

    from budgetfollowup.models import FollowUpRound

    page = session_for("admin")
    page.set_viewport_size(PHONE)
    page.goto(demo_site + reverse("budgetfollowup:round_detail", args=[FollowUpRound.objects.get(number=3).pk]))
    page.screenshot(path=SCREENSHOTS / "phone-round-draft-390.png", full_page=True)
    # What changed since the last published round is what a reader comes for: open; the rest folded.
    assert page.locator("details.round-changes[open]").count() == 1
    assert page.locator("details:not([open])").count() == page.locator("details").count() - 1
    assert not axe_violations(page)
