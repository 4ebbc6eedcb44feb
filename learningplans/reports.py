"""The published evaluation as a PDF: the HTML the worker renders (see dagtilbud/documents/workflow.py), the same
sections as the public page. It is a public document: no staff names, only the leaders' titles."""

from django.template.loader import render_to_string
from django.utils import timezone

from districts.models import Municipality

from . import selectors


def evaluation_html(document):
    evaluation = document.evaluation
    return render_to_string("learningplans/evaluation_pdf.html", {
        "document": document, "municipality": Municipality.objects.current(),
        "as_of": timezone.localdate(document.created_at), **selectors.evaluation_page(evaluation)})
