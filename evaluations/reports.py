"""The evaluation's status report as a PDF: the HTML it is rendered from (StatusReport.html_builder; the worker
renders it through dagtilbud/documents/workflow.py), the same data as the status report page."""

from django.template.loader import render_to_string
from django.utils import timezone

from districts.models import Municipality

from . import selectors


def status_report_html(report):
    evaluation = report.evaluation
    return render_to_string("evaluations/status_report_pdf.html", {
        "report": report, "evaluation": evaluation, "municipality": Municipality.objects.current(),
        "page": selectors.evaluation_page(evaluation), "potentials": selectors.potentials(evaluation),
        "as_of": timezone.localdate(report.created_at),
    })
