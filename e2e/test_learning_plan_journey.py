"""The learning plan's evaluation in a real browser: pl.mette completes and sends her draft from her dashboard,
dl.nord returns it once with a comment and then approves it, the worker renders the PDF, and the public page (no
login) and the PDF show it. Every page on the way is checked with axe at desktop and phone width."""

import io
import re

import pytest
from pypdf import PdfReader

import dagtilbud.documents.tasks  # noqa: F401 - registered before the worker starts (autodiscover misses it)
from learningplans import demo as learning_plan_demo
from learningplans.models import PlanEvaluation

from .conftest import check_page, dump

pytestmark = pytest.mark.browser

PARENTS = "Forældrene var med til at vælge årets temaer på et fælles forældremøde."
COMMENT = "Uddyb, hvordan I bruger forældrenes svar i hverdagen."
BETTER = "Forældrenes svar bruges nu i stuernes månedsplaner, og vi følger op på hvert forældremøde."


def test_an_evaluation_from_draft_to_public(browser, demo_site, worker, anonymous, session_for):
    learning_plan_demo.load_learning_plans()
    draft = learning_plan_demo.draft()
    problems = []

    # pl.mette's start page names her draft; she writes the missing parts and sends it.
    mette = session_for("pl.mette")
    mette.goto(f"{demo_site}/")
    assert mette.locator("h1").inner_text() == "Mine huse"
    problems += check_page(mette, "learning-plans-leader-dashboard")
    mette.get_by_role("link", name="Børnehuset Egebjerg: kladde").click()
    problems += check_page(mette, "learning-plans-evaluation-draft")
    mette.get_by_role("link", name="Skriv evalueringen").click()
    # Sending too early names what is missing.
    mette.get_by_role("button", name="Gem og send til godkendelse").click()
    summary = mette.locator(".error-summary").inner_text()
    assert "Forældrenes perspektiv: Det gjorde vi" in summary and "Børnemiljø: Det ændrer vi" in summary
    problems += check_page(mette, "learning-plans-evaluation-form-errors")
    for section, aspect in learning_plan_demo.DRAFT_MISSING:
        mette.locator(f"#id_{section}_{aspect}").fill(PARENTS)
    mette.get_by_role("button", name="Gem og send til godkendelse").click()
    mette.wait_for_selector("text=Evalueringen er sendt til godkendelse hos distriktslederen.")

    # dl.nord returns it once, with a comment.
    nord = session_for("dl.nord")
    nord.goto(f"{demo_site}/laereplaner/arbejde/evaluering/{draft.pk}/")
    problems += check_page(nord, "learning-plans-evaluation-sent")
    nord.get_by_role("link", name="Send retur").click()
    problems += check_page(nord, "learning-plans-return-form")
    nord.get_by_label("Hvad skal rettes?").fill(COMMENT)
    nord.get_by_role("button", name="Send retur").click()
    nord.wait_for_selector("text=Evalueringen er sendt retur til den pædagogiske leder.")
    assert PlanEvaluation.objects.get(pk=draft.pk).state == "returned"

    # pl.mette sees the comment, improves the text and sends again.
    mette.goto(f"{demo_site}/laereplaner/arbejde/evaluering/{draft.pk}/ret/")
    assert COMMENT in mette.locator("main").inner_text()
    mette.locator("#id_parents_did").fill(BETTER)
    mette.get_by_role("button", name="Gem og send til godkendelse").click()
    mette.wait_for_selector("text=Evalueringen er sendt til godkendelse hos distriktslederen.")

    # dl.nord approves: published, and the worker renders the PDF.
    nord.goto(f"{demo_site}/laereplaner/arbejde/evaluering/{draft.pk}/")
    nord.once("dialog", lambda dialog: dialog.accept())
    nord.get_by_role("button", name="Godkend og offentliggør").click()
    nord.wait_for_selector("text=Evalueringen er godkendt og offentliggjort.")
    nord.get_by_role("link", name=re.compile("Hent PDF")).first.wait_for(timeout=90_000)
    problems += check_page(nord, "learning-plans-evaluation-published")

    # Anyone, without login: the index, the house's page and the PDF show it.
    anonymous.goto(f"{demo_site}/laereplaner/")
    problems += check_page(anonymous, "learning-plans-public-index")
    anonymous.get_by_role("link", name="Børnehuset Egebjerg", exact=True).click()
    assert BETTER in anonymous.locator("main").inner_text()
    problems += check_page(anonymous, "learning-plans-public-house")
    anonymous.get_by_role("link", name="Fast link til evalueringen").click()
    problems += check_page(anonymous, "learning-plans-public-evaluation")
    pdf = anonymous.request.get(f"{demo_site}/laereplaner/evaluering/{draft.pk}/pdf/")
    assert pdf.status == 200
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages).split())
    assert "Børnehuset Egebjerg" in text and BETTER in text
    # The draft that never was published stays invisible to the public.
    assert anonymous.request.get(f"{demo_site}/laereplaner/evaluering/999999/").status == 404

    admin = session_for("admin")
    admin.goto(f"{demo_site}/laereplaner/arbejde/")
    problems += check_page(admin, "learning-plans-overview")
    admin.goto(f"{demo_site}/laereplaner/arbejde/hus/{draft.institution_id}/")
    problems += check_page(admin, "learning-plans-house")
    assert not problems, dump(problems)
