"""The status report as a PDF, through the same worker machinery as the budget reports, read back from the PDF."""

import datetime

import pytest
from django.urls import reverse

from dagtilbud.documents import workflow as documents
from dagtilbud.testing import pdf_heading_levels, pdf_structure_problems, pdf_text, wait_until_rendered
from evaluations import services
from evaluations.models import Evaluation, Goal, StatusReport
from tests.shared_demo import load_demo


@pytest.fixture
def evaluation(transactional_db):
    load_demo("organisation", "evaluation")
    return Evaluation.objects.get()


def test_an_administrator_asks_for_the_pdf_a_worker_renders_it_and_a_committee_member_reads_it(
        evaluation, worker, login):
    goal = evaluation.goals.get(number=3)
    from django.contrib.auth import get_user_model
    services.status_add(target=goal, user=get_user_model().objects.get(username="dl.nord"),
                        as_of=datetime.date(2025, 8, 31), assessment="under_way",
                        text="Et år senere: de pædagogiske ledere har fået mere tid til personaleledelse.")
    admin = login("admin")
    page = admin.get(reverse("evaluations:status_report", args=[evaluation.pk])).content.decode()
    assert "Der er endnu ikke dannet en PDF af statusrapporten." in page
    response = admin.post(reverse("evaluations:status_report_pdf_request", args=[evaluation.pk]), follow=True)
    assert "Statusrapporten er sat i kø" in response.content.decode()
    report = wait_until_rendered(StatusReport.objects.get(evaluation=evaluation))
    assert report.state == "ready", report.error
    assert report.version == 1 and report.pages >= 2

    reader = login("udvalg")
    page = reader.get(reverse("evaluations:status_report", args=[evaluation.pk])).content.decode()
    assert "Hent PDF" in page
    assert "Dan en ny PDF" not in page  # reading, not asking for new versions
    download = reader.get(reverse("evaluations:status_report_download", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    pdf, text = pdf_text(b"".join(download.streaming_content))
    assert f"Status: {evaluation.title}" in text
    assert "Epinion gennemførte" in text
    for goal_ in Goal.objects.filter(evaluation=evaluation):
        assert goal_.text[:40] in " ".join(text.split())
    assert "Et år senere: de pædagogiske ledere har fået mere tid til personaleledelse." in " ".join(text.split())
    assert "Tidligere status" in text and "31. august 2024" in text  # the goal's movement over time
    assert "Potentiale for fortsat udvikling" in text
    assert f"side 1 af {report.pages}" in text and "Ballerup Kommune" in text
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "da"

    # Accessible: the structure checks pass, and the five points of "Potentiale for fortsat udvikling" are headings
    # (H3 under its H2), not bold paragraphs.
    from evaluations.selectors import potentials

    content = report.file.read()
    assert pdf_structure_problems(content) == []
    levels = pdf_heading_levels(content)
    assert levels.count(3) == len(potentials(evaluation)) == 5 and levels[-6:] == [2, 3, 3, 3, 3, 3]


def test_who_may_ask_for_and_download_the_pdf(evaluation, login):
    url = reverse("evaluations:status_report_pdf_request", args=[evaluation.pk])
    for username in ("dl.nord", "pl.mette", "udvalg"):
        assert login(username).post(url).status_code == 403
    assert not StatusReport.objects.exists()
    login("admin").post(url)
    report = StatusReport.objects.get()
    # Not ready yet: nobody downloads it, and the page's list of versions keeps asking until it is.
    assert login("udvalg").get(reverse("evaluations:status_report_download", args=[report.pk])).status_code == 404
    fragment = reverse("evaluations:status_report_pdfs", args=[evaluation.pk])
    waiting = login("udvalg").get(fragment).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "I kø" in waiting and "Hent PDF" not in waiting
    documents.render(StatusReport, report.pk)
    ready = login("udvalg").get(fragment).content.decode()
    assert "hx-get" not in ready and "Hent PDF" in ready
    assert login("udvalg").get(reverse("evaluations:status_report_download", args=[report.pk])).status_code == 200
    assert login("uden.rolle").get(reverse("evaluations:status_report_download", args=[report.pk])).status_code == 404


def test_the_sweep_queues_again_a_status_report_whose_message_was_lost(evaluation):
    report = StatusReport.objects.create(evaluation=evaluation, version=1)
    StatusReport.objects.filter(pk=report.pk).update(
        updated_at=report.updated_at - datetime.timedelta(hours=1))
    assert report in documents.requeue_stale()
    assert documents.requeue_stale() == []  # just queued again: the next sweep leaves it its chance
