"""Tables with more columns than a phone has room for become labelled rows below 768 px (#35): the round page's PDF
versions ("Hent PDF" was cut to "He PD"), the changed smileys (only the new face showed) and the district
dashboard's follow-ups (two of four showed); and the report list's capacity forecasts. At 390 px every cell is
inside the window, nothing scrolls sideways, and each cell shows its column's name; at 1366 px they are ordinary
tables."""

import pytest

from .conftest import SCREENSHOTS, axe_violations, dump

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# How a table lies on the screen: its data cells, whether its region scrolls sideways, cells reaching outside the
# window, cells whose shown label is not their column's name, and whether it is still laid out as a table.
LAYOUT = """(selector) => {
    const table = document.querySelector(selector);
    if (!table) return {found: false};
    const region = table.closest('.table-scroll') || table.parentElement;
    const cells = [...table.querySelectorAll('tbody td[data-label]')];
    return {
        found: true, cells: cells.length, display: getComputedStyle(table).display,
        scrolls: region.scrollWidth > region.clientWidth + 1,
        outside: cells.filter(c => { const r = c.getBoundingClientRect();
                                     return r.left < -1 || r.right > window.innerWidth + 1; }).length,
        unlabelled: cells.filter(c => getComputedStyle(c, '::before').content !== JSON.stringify(c.dataset.label))
                         .map(c => c.dataset.label),
    };
}"""

# Whether an element with this text is wholly inside the window (not cut by its cell or the page).
WHOLE = """(text) => {
    const link = [...document.querySelectorAll('a')].find(a => a.textContent.trim().startsWith(text));
    if (!link) return null;
    const r = link.getBoundingClientRect(), cell = link.closest('td').getBoundingClientRect();
    return r.left >= 0 && r.right <= window.innerWidth && r.right <= cell.right + 1 && r.width > 40;
}"""


def _pages():
    from django.urls import reverse

    from budgetfollowup.models import FollowUpRound, Milestone, Report
    from districts.models import District

    first, second = FollowUpRound.objects.get(number=1), FollowUpRound.objects.get(number=2)
    # A smiley that moved since round 1 (3.1's milestone: yellow then), so round 2 lists a changed smiley.
    Milestone.objects.filter(round=second, initiative__number="3.1").update(smiley="green")
    # A rendered version to list (rendering itself is tested elsewhere): what the page shows of a ready report.
    Report.objects.update_or_create(round=first, kind="final", version=1,
                                    defaults={"state": "ready", "pages": 11, "size": 412_345})
    nord = District.objects.get(name="Distrikt Nord")
    _sent_forecast()
    return [
        ("udvalg", "round-pdf", reverse("budgetfollowup:round_detail", args=[first.pk]), "#pdf-versions table"),
        ("admin", "round-changes", reverse("budgetfollowup:round_detail", args=[second.pk]), ".changes-table"),
        ("dl.nord", "dashboard-tracks", reverse("dashboards:district", args=[nord.pk]), ".track-table"),
        ("udvalg", "report-list-forecasts", reverse("budgetfollowup:report_list"), ".forecast-reports"),
    ]


def _sent_forecast():
    """A version of the capacity forecast's PDF sent to udvalg's committee: what the report list shows of it (the
    forecast itself is not needed to list it)."""
    import datetime

    from django.contrib.auth import get_user_model

    from capacity.models import ForecastReport, ForecastSending, PopulationForecast
    from districts.models import Committee

    forecast = PopulationForecast.objects.create(name="Befolkningsprognose 2026-2031", source="Leverandøren",
                                                 made_on=datetime.date(2026, 3, 1), first_year=2026, last_year=2031)
    report = ForecastReport.objects.create(forecast=forecast, version=1, state="ready", pages=5, size=88_123)
    ForecastSending.objects.create(report=report, committee=Committee.objects.get(name="Børne- og Skoleudvalget"),
                                   sent_by=get_user_model().objects.get(username="admin"))


def test_wide_tables_become_labelled_rows_on_a_phone(demo_site, session_for):
    for username, name, url, selector in _pages():
        page = session_for(username)
        page.set_viewport_size(PHONE)
        page.goto(f"{demo_site}{url}")
        page.locator(selector).first.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / f"phone-table-{name}-390.png", full_page=True)
        layout = page.evaluate(LAYOUT, selector)
        assert layout["found"] and layout["cells"] >= 3, (name, layout)
        assert layout["display"] == "block", (name, layout)
        assert not layout["scrolls"] and layout["outside"] == 0 and layout["unlabelled"] == [], (name, layout)
        if name == "round-pdf":
            assert page.evaluate(WHOLE, "Hent PDF") is True  # the whole link, not "He PD"
        violations = axe_violations(page)
        assert not violations, (name, dump(violations))

        page.set_viewport_size(LAPTOP)
        page.goto(f"{demo_site}{url}")
        page.screenshot(path=SCREENSHOTS / f"phone-table-{name}-1366.png", full_page=True)
        layout = page.evaluate(LAYOUT, selector)
        assert layout["display"] == "table" and not layout["scrolls"], (name, layout)
