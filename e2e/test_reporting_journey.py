"""Reporting in one journey (#30): the administrator opens round 2 for the centres; center.sik fills in and sends its
eight initiatives by keyboard alone; the administrator returns one with a comment; center.sik corrects it and sends it
again; the administrator approves all and publishes, confirming the rows not approved; the worker renders the PDF and
the committee member downloads it with center.sik's words in it. Every new page is checked with axe at desktop and
phone width."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from budgetfollowup import selectors
from budgetfollowup.models import FollowUpRound, Report, Submission
from districts.models import Center

from .conftest import check_page, dump, focused, tab_to, text_is

pytestmark = pytest.mark.browser

TITLE = "Anden opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"
CORRECTED = "Forløbet starter 1. september med 40 familier."


def test_a_centre_reports_its_initiatives_and_the_administrator_reviews_and_publishes(
        browser, demo_site, worker, session_for):
    second = FollowUpRound.objects.get(number=2)
    sik = Center.objects.get(name="Skoler, Institutioner og Kultur")
    mine = [row for row in selectors.round_rows(second) if row.initiative.responsible_center_id == sik.pk]
    assert len(mine) == 8
    problems = []

    # The administrator opens the round for reporting with a deadline, from the grid's reporting panel.
    admin = session_for("admin")
    admin.goto(f"{demo_site}/budget/opfoelgninger/{second.pk}/status/")
    admin.get_by_role("link", name="Åbn for indberetning …").click()
    problems += check_page(admin, "reporting-open")
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    admin.get_by_label("Frist for indberetning").fill(deadline.isoformat())
    admin.get_by_role("button", name="Gem").click()
    admin.wait_for_selector("text=er åben for indberetning. Indberetterne får besked.")
    problems += check_page(admin, "round-grid-reporting")

    # center.sik lands on their dashboard: what to report, by when.
    reporter = session_for("center.sik")
    reporter.goto(f"{demo_site}/")
    assert reporter.locator("h1").inner_text() == "Din indberetning"
    assert "8 indsatser mangler at blive indsendt" in reporter.content()
    problems += check_page(reporter, "reporter-dashboard")
    reporter.get_by_role("link", name=re.compile("^Indberet –")).click()
    reporter.wait_for_url(re.compile(rf"/opfoelgninger/{second.pk}/indberet/$"))
    problems += check_page(reporter, "reporting-grid")

    # Every row by keyboard: milestone smiley (where there is a milestone), economy smiley, status text, then the
    # expected spending and the row's "Indsend" tick.
    reporter.locator("body").focus()
    first = mine[0]
    first_stop = (f"id_i{first.initiative.pk}-milestone_smiley_0" if first.milestone.text
                  else f"id_i{first.initiative.pk}-economy_smiley_0")
    tab_to(reporter, lambda f: f["id"] == first_stop)
    for index, row in enumerate(mine):
        prefix = f"id_i{row.initiative.pk}"
        if index:
            reporter.keyboard.press("Tab")
        if row.milestone.text:
            assert focused(reporter)["id"] == f"{prefix}-milestone_smiley_0", (row.initiative.number, focused(reporter))
            reporter.keyboard.press("ArrowDown")  # "Ingen" -> "Nået"
            reporter.keyboard.press("Tab")
        assert focused(reporter)["id"] == f"{prefix}-economy_smiley_0", (row.initiative.number, focused(reporter))
        reporter.keyboard.press("ArrowDown")  # "Ingen" -> "Budget overholdt"
        reporter.keyboard.press("Tab")
        assert focused(reporter)["id"] == f"{prefix}-status_text"
        reporter.keyboard.type(f"Status fra centret {row.initiative.number}")
        reporter.keyboard.press("Tab")
        assert focused(reporter)["id"] == f"{prefix}-expected_spending"
        reporter.keyboard.press("Tab")
        now = focused(reporter)
        assert now["id"] == f"send-{row.initiative.pk}" and now["visible"], now
        reporter.keyboard.press("Space")
    tab_to(reporter, text_is(r"^Gem kladde og indsend de markerede$"))
    reporter.keyboard.press("Enter")
    reporter.wait_for_selector("text=8 indsatser er indsendt.")
    assert Submission.objects.filter(round=second, initiative__responsible_center=sik, state="sent").count() == 8
    assert "Alle dine indsatser er indsendt" in reporter.content()

    # The administrator returns 3.3 with a comment.
    returned = next(row for row in mine if row.initiative.number == "3.3")
    admin.goto(f"{demo_site}/budget/opfoelgninger/{second.pk}/status/")
    assert "Indsendt · Signe Kronborg" in admin.locator(f"#row-{returned.initiative.pk}").inner_text()
    admin.get_by_role("link", name="Godkend eller send retur – 3.3").click()
    problems += check_page(admin, "submission-review")
    admin.get_by_label("Kommentar til centret (når du sender retur)").fill("Hvornår starter forløbet?")
    admin.get_by_role("button", name="Send retur med kommentaren").click()
    admin.wait_for_selector("text=3.3 er sendt retur til centret.")

    # center.sik sees the comment, corrects the row by keyboard and sends it again.
    reporter.goto(f"{demo_site}/")
    assert "Hvornår starter forløbet?" in reporter.content()
    reporter.get_by_role("link", name=re.compile("^Indberet –")).click()
    reporter.wait_for_url(re.compile(r"/indberet/$"))
    assert "Hvornår starter forløbet?" in reporter.content()
    problems += check_page(reporter, "reporting-grid-returned")
    reporter.locator("body").focus()
    prefix = f"id_i{returned.initiative.pk}"
    tab_to(reporter, lambda f: f["id"] == f"{prefix}-status_text")
    reporter.keyboard.press("Control+A")
    reporter.keyboard.type(CORRECTED)
    tab_to(reporter, lambda f: f["id"] == f"send-{returned.initiative.pk}")
    reporter.keyboard.press("Space")
    tab_to(reporter, text_is(r"^Gem kladde og indsend de markerede$"))
    reporter.keyboard.press("Enter")
    reporter.wait_for_selector("text=1 indsats er indsendt.")

    # The administrator approves all sent rows and publishes; the rows not approved (the other centre's) are listed
    # and confirmed explicitly.
    admin.goto(f"{demo_site}/budget/opfoelgninger/{second.pk}/status/")
    admin.get_by_role("button", name="Godkend alle 8 indsendte").click()
    admin.wait_for_selector("text=8 indsendte indsatser er godkendt.")
    admin.goto(f"{demo_site}/budget/opfoelgninger/{second.pk}/offentliggoer/")
    assert "3 indsatser er ikke godkendt" in admin.content()
    problems += check_page(admin, "round-publish-not-approved")
    admin.get_by_role("button", name="Ja, offentliggør").click()
    admin.wait_for_selector("text=Intet er offentliggjort: sæt kryds")
    admin.get_by_label("Jeg offentliggør de indsatser, der ikke er godkendt, som de står nu").check()
    admin.get_by_role("button", name="Ja, offentliggør").click()
    admin.wait_for_selector("text=2. budgetopfølgning 2019 er offentliggjort.")
    admin.get_by_role("link", name="Hent PDF – Offentliggjort 1").wait_for(timeout=90_000)
    report = Report.objects.get(round=second, kind="final")
    assert report.state == "ready", report.error

    # A save from center.sik's old page is refused now: the round is published.
    # The committee member downloads the PDF: the centre's words are in it.
    committee = session_for("udvalg")
    committee.goto(f"{demo_site}/")
    committee.locator("body").focus()
    with committee.expect_download() as download_info:
        tab_to(committee, lambda f: f["text"] == f"Hent PDF – {TITLE}, version 1")
        committee.keyboard.press("Enter")
    content = open(download_info.value.path(), "rb").read()
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert CORRECTED in text and "Status fra centret 3.14" in text

    # The reporter reads the published round, and the import page is theirs too.
    reporter.goto(f"{demo_site}/budget/opfoelgninger/import/")
    problems += check_page(reporter, "round-import-reporter")
    reporter.goto(f"{demo_site}/")
    assert "Du har ikke noget at indberette lige nu" in reporter.content()
    problems += check_page(reporter, "reporter-dashboard-nothing")
    assert not problems, dump(problems)
