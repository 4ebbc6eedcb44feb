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


def _queue(report):
    """Hand the report to the broker. On failure the row stays queued and the sweep queues it again later;
    `report.queued` tells the caller which happened, so the page can say so."""
    from .tasks import render_report

    try:
        render_report.delay(report.pk)
    except Exception:  # kombu raises OperationalError and friends; the row keeps the truth
        log.exception("Could not queue report %s; the sweep will queue it again", report.pk)
        report.queued = False
    else:
        report.queued = True


def report_request(*, round, kind, user):
    """Create the next version of the round's report of this kind, and queue its rendering after commit.

    `queued` on the returned report is None until the surrounding transaction commits, then True or False.
    """
    with transaction.atomic():
        round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
        last = Report.objects.filter(round=round_, kind=kind).aggregate(v=Max("version"))["v"] or 0
        report = Report.objects.create(round=round_, kind=kind, version=last + 1, requested_by=user)
        report.queued = None
        transaction.on_commit(lambda: _queue(report))
    return report


def report_retry(*, report):
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state != Report.State.FAILED:
            return report
        report.state = Report.State.QUEUED
        report.error = ""
        report.queued = None
        report.save(update_fields=["state", "error", "updated_at"])
        transaction.on_commit(lambda: _queue(report))
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
        report.save(update_fields=["state", "started_at", "attempts", "updated_at"])
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
        state=Report.State.FAILED, error=str(error)[:2000], finished_at=timezone.now(), updated_at=timezone.now())


def requeue_stale_reports(now=None):
    """Queue again the reports that have sat queued or rendering longer than REPORT_STALE_AFTER_SECONDS (a lost
    message, a dead worker, a broker that was down); returns their ids.

    Each is marked as queued now, so the next sweep leaves it alone while this delivery has its chance. A stale
    report still rendering somewhere is harmless to queue again: rendering is idempotent.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    stale = Report.objects.filter(state__in=[Report.State.QUEUED, Report.State.RENDERING], updated_at__lt=cutoff)
    with transaction.atomic():
        ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Report.objects.filter(pk__in=ids).update(state=Report.State.QUEUED, updated_at=now)
    for report in Report.objects.filter(pk__in=ids):
        _queue(report)
    return ids
