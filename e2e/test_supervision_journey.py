"""A supervision visit in a real browser: the leader answers the self-assessment, the supervisor records the visit,
the worker renders the report, the district leader sees the next due date move. Keyboard where a person types and
chooses."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from dagtilbud.formatting import danish_date
from supervision import demo as supervision_demo
from supervision.models import QualityDimension, SelfAssessmentQuestion, SupervisionVisit
from supervision.schedule import add_months

from .conftest import check_page, dump, focused, tab_to, text_is
from .test_journey import keyboard_login

pytestmark = pytest.mark.browser

ANSWER = "Vi har fået faste små-grupper om formiddagen; se gerne vores nye udeareal."


def test_a_supervision_visit_from_self_assessment_to_report(browser, demo_site, worker, anonymous, session_for):
    supervision_demo.load_supervision()
    visit = SupervisionVisit.objects.planned().get(institution__name="Børnehuset Egebjerg")
    problems = []

    # The pedagogical leader finds the coming visit under "Tilsyn" and answers the last question.
    leader = anonymous
    keyboard_login(leader, demo_site, "pl.mette")
    leader.locator("body").focus()
    tab_to(leader, text_is(r"^Tilsyn$"))
    leader.keyboard.press("Enter")
    leader.wait_for_url(re.compile(r"/tilsyn/$"))
    tab_to(leader, lambda f: f["href"].endswith(f"/tilsyn/besoeg/{visit.pk}/"))
    leader.keyboard.press("Enter")
    assert leader.locator("h1").inner_text() == "Planlagt tilsyn: Børnehuset Egebjerg"
    tab_to(leader, text_is(r"^Besvar selvevalueringen$"))
    leader.keyboard.press("Enter")
    leader.wait_for_url(re.compile(r"/selvevaluering/$"))
    last_question = SelfAssessmentQuestion.objects.filter(active=True).last()
    tab_to(leader, lambda f: f["id"] == f"id_svar_{last_question.pk}")
    leader.keyboard.type(ANSWER)
    tab_to(leader, text_is(r"^Gem svarene$"))
    leader.keyboard.press("Enter")
    leader.wait_for_selector("text=Selvevalueringen er gemt.")
    assert ANSWER in leader.locator("main").inner_text()

    # The supervisor records the visit as done today, a level per dimension chosen with the arrow keys.
    admin = session_for("admin")
    admin.goto(f"{demo_site}/tilsyn/besoeg/{visit.pk}/ret/")
    today = timezone.localdate()
    admin.locator("#id_visit_date").fill(today.isoformat())
    admin.locator("#id_visit_date").focus()
    tab_to(admin, lambda f: f["id"] == "id_state_0")
    admin.keyboard.press("ArrowDown")
    assert focused(admin)["id"] == "id_state_1"  # Gennemført
    for dimension in QualityDimension.objects.filter(active=True):
        tab_to(admin, lambda f, pk=dimension.pk: f["id"] == f"id_niveau_{pk}_0")
        admin.keyboard.press("Space")  # Høj kvalitet
        if dimension.name == "Relationer":
            admin.keyboard.press("ArrowDown")  # Tilstrækkelig kvalitet: the weakest, so it decides
        admin.keyboard.press("Tab")
        admin.keyboard.type(f"Set under besøget: {dimension.name.lower()}.")
    tab_to(admin, text_is(r"^Gem$"))
    admin.keyboard.press("Enter")
    admin.wait_for_selector("text=Tilsynet er gemt.")
    assert admin.locator("h1").inner_text() == "Tilsynsrapport: Børnehuset Egebjerg"
    due = danish_date(add_months(today, 24))
    assert f"Næste tilsyn efter reglen: senest {due}" in " ".join(admin.locator("main").inner_text().split())
    problems += check_page(admin, "supervision-report")

    # A PDF of the report, rendered by the worker; the page asks until it can be fetched.
    admin.locator("body").focus()
    tab_to(admin, text_is(r"^Dan PDF$"))
    admin.keyboard.press("Enter")
    link = admin.get_by_role("link", name="Hent PDF – version 1")
    link.wait_for(timeout=90_000)
    with admin.expect_download() as download_info:
        link.focus()
        admin.keyboard.press("Enter")
    reader = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Tilsynsrapport: Børnehuset Egebjerg" in text and ANSWER in text
    assert "Relationer Tilstrækkelig kvalitet" in text

    # The district leader sees the house's next visit two years out, and why.
    district = session_for("dl.nord")
    district.goto(f"{demo_site}/tilsyn/institution/{visit.institution_id}/")
    page = " ".join(district.locator("main").inner_text().split())
    assert due in page and "“Tilstrækkelig kvalitet” (Relationer)" in page

    assert not problems, dump(problems)
