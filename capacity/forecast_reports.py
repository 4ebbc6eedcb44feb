"""The committee's "Kapacitetsprognose" as a PDF (ForecastReport.html_builder; the worker renders it through
dagtilbud/documents): the same figures as the page, for the whole municipality."""

from django.template.loader import render_to_string
from django.utils import timezone

from districts.models import Municipality

from . import forecast_selectors as selectors


def forecast_report_html(report):
    key = str(report.scenario_id) if report.scenario_id else ""
    page = selectors.forecast_page(None, report.forecast, key)
    return render_to_string("capacity/forecast_pdf.html", {
        **page, "report": report, "municipality": Municipality.objects.current(),
        "all_tables": page["districts"] + [page["total"]],
        "as_of": timezone.localdate(report.created_at)})
