"""The foundation's Celery tasks, found by the worker here (Celery's autodiscovery reads each app's tasks module):
rendering a document, an import's background step, and the sweep that sends again what a broker or a worker lost."""

from celery import shared_task

from .documents import workflow as documents
from .documents.tasks import render_pdf, requeue_stale_pdfs
from .imports import workflow as imports
from .imports.tasks import import_run

__all__ = ["import_run", "render_pdf", "requeue_stale", "requeue_stale_pdfs"]


@shared_task(name="dagtilbud.tasks.requeue_stale")
def requeue_stale():
    """Every minute (Celery beat, config/celery.py): documents and imports, over their jobs (dagtilbud/jobs.py)."""
    return len(documents.requeue_stale()) + len(imports.requeue_stale())
