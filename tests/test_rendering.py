"""The rendering workflow under races: two deliveries of one document at once, and the heartbeat that tells a long
render from a dead worker. The PDFs are real (WeasyPrint); only the moment the HTML is handed over is held, so that
the second delivery arrives while the first is still documents."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from budgetfollowup import reports
from budgetfollowup.models import FollowUpRound, Report
from dagtilbud import jobs
from dagtilbud.documents import workflow as documents

from .shared_demo import load_demo

RELEASE = threading.Event()


def held_html(document):
    """The report's real HTML, once the test lets the first delivery go on."""
    assert RELEASE.wait(timeout=60)
    return reports.report_html(document)


@pytest.fixture
def held_report(transactional_db, monkeypatch):
    load_demo("organisation", "agreement")
    Report.objects.all().delete()
    monkeypatch.setattr(Report, "html_builder", f"{__name__}.held_html")
    RELEASE.clear()
    yield Report.objects.create(round=FollowUpRound.objects.get(number=1), kind=Report.Kind.DRAFT, version=1)
    RELEASE.set()


def wait_until(condition, failure, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


def deliver_in_thread(report):
    def run():
        try:
            documents.render(Report, report.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    wait_until(lambda: Report.objects.get(pk=report.pk).state == Report.State.RENDERING,
               "the first delivery never started rendering")
    return thread


def test_a_second_delivery_while_the_first_renders_leaves_it_alone(held_report):
    first = deliver_in_thread(held_report)

    with pytest.raises(documents.RenderingElsewhere):  # the same message delivered again, at once
        documents.render(Report, held_report.pk)

    assert Report.objects.get(pk=held_report.pk).attempts == 1
    RELEASE.set()
    first.join(timeout=60)
    report = Report.objects.get(pk=held_report.pk)
    assert report.state == Report.State.READY and report.attempts == 1 and report.pages >= 5


def test_a_long_render_keeps_its_heartbeat_and_the_sweep_leaves_it_alone(held_report, settings):
    settings.RENDER_HEARTBEAT_SECONDS = 0.1
    settings.RENDER_HEARTBEAT_STALE_SECONDS = 1
    first = deliver_in_thread(held_report)
    started = jobs.beats(Report, [held_report.pk])[held_report.pk]

    # The render goes on for longer than a dead worker's row may stay untouched: until a heartbeat comes later than
    # that after the start (waiting on it, not sleeping a fixed time, which a busy machine can outlast).
    wait_until(lambda: jobs.beats(Report, [held_report.pk])[held_report.pk] > started + timedelta(seconds=1),
               "no heartbeat after the stale limit")

    assert jobs.beats(Report, [held_report.pk])[held_report.pk] > started  # the heartbeat is on the job
    assert held_report not in documents.requeue_stale()
    RELEASE.set()
    first.join(timeout=60)
    report = Report.objects.get(pk=held_report.pk)
    assert report.state == Report.State.READY and report.attempts == 1


def test_a_rendering_document_whose_heartbeat_stopped_is_taken_again(held_report, settings):
    """A worker that died mid-render: the next delivery renders it, since its heartbeat stopped."""
    settings.RENDER_HEARTBEAT_STALE_SECONDS = 1
    Report.objects.filter(pk=held_report.pk).update(state=Report.State.RENDERING, attempts=1)
    wait_until(lambda: Report.objects.get(pk=held_report.pk).updated_at < timezone.now() - timedelta(seconds=1),
               "the row never went stale")
    RELEASE.set()

    report = documents.render(Report, held_report.pk)

    assert report.state == Report.State.READY and report.attempts == 2
