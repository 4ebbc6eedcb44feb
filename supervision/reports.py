"""The supervision report as a PDF: the HTML the worker renders (see dagtilbud/rendering.py), the same data as the
visit's page."""

from django.template.loader import render_to_string
from django.utils import timezone

from districts.models import Municipality

from . import selectors


def report_html(report):
    return render_to_string("supervision/report_pdf.html", {
        "report": report, "municipality": Municipality.objects.current(), **selectors.visit_page(report.visit),
        "as_of": timezone.localdate(report.created_at)})
