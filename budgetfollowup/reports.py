"""The report workflow: request a report (a row, then a task after commit) and render it (in the worker).

The Report row is the truth: the task is idempotent (a report already ready or failed is left alone), and a report
left queued or rendering too long is queued again by `requeue_stale_reports`, so nothing is lost if the broker
drops a message or a worker dies.
"""

import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from dagtilbud import pdf
from dagtilbud.smileys import ECONOMY, MILESTONE
from districts.models import Municipality

from . import selectors
from .models import FollowUpRound, Report

log = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """The report row is saved and will be queued by the sweep; the broker could not be reached just now."""


def _queue(report_id):
    from .tasks import render_report

    try:
        render_report.delay(report_id)
    except Exception:  # kombu raises OperationalError and friends; the row stays queued for the sweep
        log.exception("Could not queue report %s; the sweep will queue it again", report_id)
        return False
    return True


def report_request(*, round, kind, user):
    """Create the next version of the round's report of this kind, and queue its rendering after commit."""
    with transaction.atomic():
        round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
        last = Report.objects.filter(round=round_, kind=kind).aggregate(v=Max("version"))["v"] or 0
        report = Report.objects.create(round=round_, kind=kind, version=last + 1, requested_by=user)
        transaction.on_commit(lambda: _queue(report.pk))
    return report


def report_retry(*, report):
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state != Report.State.FAILED:
            return report
        report.state = Report.State.QUEUED
        report.error = ""
        report.save(update_fields=["state", "error"])
        transaction.on_commit(lambda: _queue(report.pk))
    return report


def report_html(report):
    round_ = report.round
    rows = selectors.round_rows(round_)
    counts = {
        "milestone": [(m, sum(1 for r in rows if r.milestone.smiley == key)) for key, m in MILESTONE.items()],
        "economy": [(m, sum(1 for r in rows if r.economy.smiley == key)) for key, m in ECONOMY.items()],
    }
    red = [r for r in rows if r.milestone.smiley == "red" or r.economy.smiley == "red"]
    return render_to_string("budgetfollowup/report.html", {
        "report": report, "round": round_, "agreement": round_.agreement,
        "municipality": Municipality.objects.current(), "sections": selectors.sections_with_rows(rows),
        "counts": counts, "red_rows": red,
    })


def report_render(report_id):
    """Render one report. Safe to run twice: only a queued or stale rendering report is taken."""
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("round__agreement__committee").get(pk=report_id)
        if report.state in (Report.State.READY, Report.State.FAILED):
            return report
        report.state = Report.State.RENDERING
        report.started_at = timezone.now()
        report.attempts += 1
        report.save(update_fields=["state", "started_at", "attempts"])
    started = time.perf_counter()
    content = pdf.html_to_pdf(report_html(report))
    seconds = time.perf_counter() - started
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.state == Report.State.READY:  # another delivery of the same task finished first
            return report
        report.file.save(report.filename, ContentFile(content), save=False)
        report.sha256 = hashlib.sha256(content).hexdigest()
        report.size = len(content)
        report.pages = pdf.count_pages(content)
        report.seconds = round(seconds, 3)
        report.state = Report.State.READY
        report.finished_at = timezone.now()
        report.save()
    return report


def report_fail(report_id, error):
    Report.objects.filter(pk=report_id).exclude(state=Report.State.READY).update(
        state=Report.State.FAILED, error=str(error)[:2000], finished_at=timezone.now())


def requeue_stale_reports(now=None):
    """Queue again reports left queued or rendering longer than REPORT_STALE_AFTER_SECONDS; returns their ids."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    stale = list(Report.objects.filter(state__in=[Report.State.QUEUED, Report.State.RENDERING]).filter(
        created_at__lt=cutoff).values_list("pk", flat=True))
    for pk in stale:
        Report.objects.filter(pk=pk, state=Report.State.RENDERING).update(state=Report.State.QUEUED)
        _queue(pk)
    return stale
