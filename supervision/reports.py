"""The supervision report as a PDF: the HTML the worker renders (see dagtilbud/documents/workflow.py), the same data
as the visit's page."""

from django.template.loader import render_to_string
from django.utils import timezone

from districts.models import Municipality

from . import selectors
from .models import SupervisionSettings


def report_html(report):
    as_of = timezone.localdate(report.created_at)
    page = selectors.visit_page(report.visit)
    for order in page["orders"]:
        # Overdue as the report's date sees it: the PDF is a record of that day.
        order.overdue = order.is_overdue(as_of)
    return render_to_string("supervision/report_pdf.html", {
        "report": report, "municipality": Municipality.objects.current(), **page, "as_of": as_of,
        "publisher": SupervisionSettings.current().unit})
