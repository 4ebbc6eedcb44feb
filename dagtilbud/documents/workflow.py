"""Rendering documents to PDF in the worker, for every kind of document (`RenderedPDF` subclasses): request the
next version, queue after commit, render idempotently, record a failure, retry, and sweep up what a lost message or
a dead worker left behind.

The row is the truth: the task takes only the model's label and the row's id, reads the row fresh, and leaves a
document that is ready, failed or being rendered by a live worker alone, so a message delivered twice does no harm.
The message is a job (dagtilbud/jobs.py, shared with the imports): a worker keeps a heartbeat on it while it renders;
`requeue_stale` sends again a document whose message never reached the broker (at the first sweep after the broker
answers), whose worker's heartbeat stopped (RENDER_HEARTBEAT_STALE_SECONDS: a dead worker) or that sat queued longer
than REPORT_STALE_AFTER_SECONDS (a lost message), so nothing is lost.
"""

import hashlib
import logging
import time
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from dagtilbud import jobs, revision

from . import pdf
from .models import RenderedPDF

log = logging.getLogger(__name__)


def document_models():
    return [model for model in apps.get_models() if issubclass(model, RenderedPDF)]


def request(model, *, owner, user, **fields):
    """Create the next version of a `model` document about `owner` (numbered among those with the same `fields`,
    e.g. a round's drafts apart from its finals) and queue its rendering once committed.

    `queued` on the returned document is None until the surrounding transaction commits, then True or False.
    """
    model.check_request(owner)
    with transaction.atomic():
        # Two requests at once number their versions in turn, not both "last + 1".
        owner = type(owner).objects.select_for_update().get(pk=owner.pk)
        scope = {model.owner_field: owner, **fields}
        last = model.objects.filter(**scope).aggregate(v=Max("version"))["v"] or 0
        document = model.objects.create(version=last + 1, requested_by=user, **scope)
        queue_after_commit(document)
    return document


def html(document):
    """The HTML the document is rendered from, built by its kind's `html_builder`."""
    return import_string(document.html_builder)(document)


def queue(document):
    """Hand the document to the broker. On failure the row stays queued and the sweep queues it again later;
    `document.queued` tells the caller which happened, so the page can say so."""
    from .tasks import render_pdf  # tasks.py imports this module to run it

    document.queued = jobs.send(render_pdf, type(document), document.pk)


def queue_after_commit(document):
    """Queue once the row is committed (a worker must find it). `queued` is None until then, then True or False."""
    document.queued = None
    transaction.on_commit(lambda: queue(document))
    return document


def warn_if_not_queued(request, document):
    """Tell the person who asked for a document that the broker could not be reached, and that nothing is lost."""
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


class RenderingElsewhere(Exception):
    """The document is being rendered by a worker whose heartbeat is alive; ask again once it could have stopped."""


def render(model, pk):
    """Render one document. Safe to run twice, even at once: a queued document is taken, a rendering one only when
    its worker's heartbeat has stopped (RenderingElsewhere while it beats); a ready or failed one is returned as it
    is."""
    with transaction.atomic():
        document = model.objects.select_for_update().get(pk=pk)
        now = timezone.now()
        if document.state == model.State.RENDERING and (document.updated_at >= jobs.beat_cutoff(now)
                                                        or jobs.alive(model, pk, now)):
            raise RenderingElsewhere(document)
        if document.state in (model.State.READY, model.State.FAILED):
            jobs.finish(model, pk)
            return document
        document.state = model.State.RENDERING
        document.started_at = now
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "attempts", "updated_at"])
    started = time.perf_counter()
    with jobs.beating(model, pk):
        # The municipality's documents are Danish, whoever asked for them and whatever language the worker last spoke.
        with translation.override(settings.LANGUAGE_CODE):
            source = html(document)
        content, pages = pdf.render(source)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        document = model.objects.select_for_update().get(pk=pk)
        if document.state == model.State.READY:  # another delivery of the same task finished first
            return document
        document.file.save(document.filename, ContentFile(content), save=False)
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.size = len(content)
        document.pages = pages
        document.seconds = round(seconds, 3)
        document.state = model.State.READY
        document.finished_at = timezone.now()
        document.save()
        jobs.finish(model, pk)
    return document


def fail(model, pk, error):
    now = timezone.now()
    model.objects.filter(pk=pk).exclude(state=model.State.READY).update(
        state=model.State.FAILED, error=str(error)[:2000], finished_at=now, updated_at=now)
    jobs.finish(model, pk)
    revision.bump()  # an update sends no signal, and report lists show the state


def requeue_stale(now=None):
    """Send again the documents whose message never reached the broker (it was down and answers now), whose worker
    died (rendering, no heartbeat for RENDER_HEARTBEAT_STALE_SECONDS) or that sat queued longer than
    REPORT_STALE_AFTER_SECONDS (a lost message); returns them.

    Each is marked as queued now, so the next sweep leaves it alone while this delivery has its chance.
    """
    now = now or timezone.now()
    queued_cutoff = now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    requeued = []
    for model in document_models():
        jobs.prune(model)
        unsent = jobs.unsent(model)
        rendering = model.objects.filter(state=model.State.RENDERING, updated_at__lt=jobs.beat_cutoff(now))
        beating = {pk for pk, beat in jobs.beats(model, rendering.values_list("pk", flat=True)).items()
                   if beat is not None and beat >= jobs.beat_cutoff(now)}
        stale = model.objects.filter(
            Q(state=model.State.QUEUED, updated_at__lt=queued_cutoff)
            | Q(state=model.State.QUEUED, pk__in=unsent)
            | Q(pk__in=rendering.exclude(pk__in=beating).values("pk")))
        with transaction.atomic():
            ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
            model.objects.filter(pk__in=ids).update(state=model.State.QUEUED, updated_at=now)
            revision.bump()
        for document in model.objects.filter(pk__in=ids):
            queue(document)
            requeued.append(document)
    return requeued


def versions(documents, *, poll_url, caption, empty, column=None):
    """What templates/components/pdf_versions.html shows: a document's PDF versions, newest first, and whether the
    fragment should keep polling (one of them is still queued or rendering). `column`: (heading, template) of one
    more column of the kind's own, the template rendered per version with it as `r` (the forecast's sending)."""
    documents = list(documents.order_by("-created_at", "-pk"))
    heading, template = column or (None, None)
    return {"documents": documents, "pending": any(d.is_pending for d in documents), "poll_url": poll_url,
            "caption": caption, "empty": empty, "column_heading": heading, "column_template": template}
