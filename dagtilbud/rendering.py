"""Rendering documents to PDF in the worker, for every kind of document (`RenderedPDF` subclasses): queue after
commit, render idempotently, record a failure, and sweep up what a lost message or a dead worker left behind.

The row is the truth: the task takes only the model's label and the row's id, reads the row fresh, and leaves a
document that is already ready or failed alone, so a message delivered twice does no harm. A document left queued
or rendering longer than REPORT_STALE_AFTER_SECONDS is queued again by `requeue_stale`, so nothing is lost if the
broker drops a message or a worker dies.
"""

import hashlib
import logging
import time
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from . import pdf
from .models import RenderedPDF

log = logging.getLogger(__name__)


def document_models():
    return [model for model in apps.get_models() if issubclass(model, RenderedPDF)]


def queue(document):
    """Hand the document to the broker. On failure the row stays queued and the sweep queues it again later;
    `document.queued` tells the caller which happened, so the page can say so."""
    from .tasks import render_pdf

    try:
        render_pdf.delay(document._meta.label, document.pk)
    except Exception:  # kombu raises OperationalError and friends; the row keeps the truth
        log.exception("Could not queue %s %s; the sweep will queue it again", document._meta.label, document.pk)
        document.queued = False
    else:
        document.queued = True


def queue_after_commit(document):
    """Queue once the row is committed (a worker must find it). `queued` is None until then, then True or False."""
    document.queued = None
    transaction.on_commit(lambda: queue(document))
    return document


def warn_if_not_queued(request, document):
    """Tell the person who asked for a document that the broker could not be reached, and that nothing is lost."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    if getattr(document, "queued", None) is False:
        messages.warning(request, _(
            "Baggrundskøen kan ikke nås lige nu. Rapporten er gemt og dannes automatisk, når køen svarer igen; "
            "du behøver ikke gøre mere."))


def retry(document):
    """Queue a failed document again; anything else is returned as it is."""
    model = type(document)
    with transaction.atomic():
        document = model.objects.select_for_update().get(pk=document.pk)
        if document.state != model.State.FAILED:
            return document
        document.state = model.State.QUEUED
        document.error = ""
        document.save(update_fields=["state", "error", "updated_at"])
        queue_after_commit(document)
    return document


def render(model, pk):
    """Render one document. Safe to run twice: only a queued or stale rendering one is taken."""
    with transaction.atomic():
        document = model.objects.select_for_update().get(pk=pk)
        if document.state in (model.State.READY, model.State.FAILED):
            return document
        document.state = model.State.RENDERING
        document.started_at = timezone.now()
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "attempts", "updated_at"])
    started = time.perf_counter()
    # The municipality's documents are Danish, whoever asked for them and whatever language the worker last spoke.
    with translation.override(settings.LANGUAGE_CODE):
        html = document.pdf_html()
    content = pdf.html_to_pdf(html)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        document = model.objects.select_for_update().get(pk=pk)
        if document.state == model.State.READY:  # another delivery of the same task finished first
            return document
        document.file.save(document.filename, ContentFile(content), save=False)
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.size = len(content)
        document.pages = pdf.count_pages(content)
        document.seconds = round(seconds, 3)
        document.state = model.State.READY
        document.finished_at = timezone.now()
        document.save()
    return document


def fail(model, pk, error):
    now = timezone.now()
    model.objects.filter(pk=pk).exclude(state=model.State.READY).update(
        state=model.State.FAILED, error=str(error)[:2000], finished_at=now, updated_at=now)


def requeue_stale(now=None):
    """Queue again the documents that have sat queued or rendering too long (a lost message, a dead worker, a broker
    that was down); returns them.

    Each is marked as queued now, so the next sweep leaves it alone while this delivery has its chance. A stale
    document still rendering somewhere is harmless to queue again: rendering is idempotent.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    requeued = []
    for model in document_models():
        stale = model.objects.filter(state__in=[model.State.QUEUED, model.State.RENDERING], updated_at__lt=cutoff)
        with transaction.atomic():
            ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
            model.objects.filter(pk__in=ids).update(state=model.State.QUEUED, updated_at=now)
        for document in model.objects.filter(pk__in=ids):
            queue(document)
            requeued.append(document)
    return requeued


def versions(documents, *, poll_url, caption, empty):
    """What templates/components/pdf_versions.html shows: a document's PDF versions, newest first, and whether the
    fragment should keep polling (one of them is still queued or rendering)."""
    documents = list(documents)
    return {"documents": documents, "pending": any(d.is_pending for d in documents), "poll_url": poll_url,
            "caption": caption, "empty": empty}
