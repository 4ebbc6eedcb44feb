"""The published evaluation as a PDF rendered by a real worker, read back: its text, and the structure our PDFs
promise (tagged, language and title, headings in order)."""

import pytest
from django.test import Client
from django.urls import reverse

import dagtilbud.documents.tasks  # noqa: F401 - registered before the worker starts (autodiscover misses it)
from dagtilbud.testing import pdf_structure_problems, pdf_text, wait_until_rendered
from districts import demo
from learningplans import demo as learning_plan_demo
from learningplans import services
from learningplans.models import EvaluationPDF, PlanEvaluation


@pytest.mark.django_db(transaction=True)
def test_approving_renders_the_pdf_which_the_public_can_fetch(worker, user, django_capture_on_commit_callbacks):
    demo.load_organisation()
    learning_plan_demo.load_learning_plans()
    waiting = PlanEvaluation.objects.get(state="sent")
    services.evaluation_approve(evaluation=waiting, user=user("dl.nord"))
    document = wait_until_rendered(EvaluationPDF.objects.get(evaluation=waiting))
    assert document.state == EvaluationPDF.State.READY, document.error
    content = document.file.open("rb").read()
    reader, text = pdf_text(content)
    flat = " ".join(text.split())
    assert "Evaluering af den pædagogiske læreplan: Børnehuset Grantoften" in flat
    for title in ("Det fælles pædagogiske grundlag", "Natur, udeliv og science", "Børnemiljø",
                  "Forældrenes perspektiv", "Det gjorde vi", "Det så vi", "Det ændrer vi"):
        assert title in flat
    assert "Jonas" not in flat and "Hanne" not in flat  # a public document: titles, not names
    assert pdf_structure_problems(content) == []
    response = Client().get(reverse("learningplans:public_pdf", args=[waiting.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
