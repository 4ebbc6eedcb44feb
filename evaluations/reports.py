"""The evaluation's status report as a PDF: request the next version (the worker renders it: see
dagtilbud/rendering.py), and the HTML it is rendered from, the same data as the status report page."""

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from dagtilbud import rendering
from districts.models import Municipality

from . import selectors
from .models import Evaluation, StatusReport


def status_report_request(*, evaluation, user):
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        last = evaluation.status_reports.aggregate(v=Max("version"))["v"] or 0
        report = StatusReport.objects.create(evaluation=evaluation, version=last + 1, requested_by=user)
        rendering.queue_after_commit(report)
    return report


def status_report_html(report):
    evaluation = report.evaluation
    return render_to_string("evaluations/status_report_pdf.html", {
        "report": report, "evaluation": evaluation, "municipality": Municipality.objects.current(),
        "page": selectors.evaluation_page(evaluation), "potentials": selectors.potentials(evaluation),
        "as_of": timezone.localdate(report.created_at),
    })
