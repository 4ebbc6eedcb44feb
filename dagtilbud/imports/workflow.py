"""The steps of an import, as services: upload, preview, confirm (apply now or in a worker), cancel."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dagtilbud import jobs
from dagtilbud.concurrency import StaleEdit

from .models import ImportFile, ImportState
from .progress import no_progress

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a confirmation came to, for the view's message."""
    applied: bool = False
    queued: bool = False
    refused: str = ""  # why nothing was imported, in Danish
    changes: int = 0
    cells: int = 0  # the changed cells, as the message counts them


def _content(record):
    with record.file.open("rb") as stored:
        return stored.read()


def read_plan(importer, record, progress):
    if importer.reads_uploader:
        return importer.read(_content(record), progress, user=record.uploaded_by)
    return importer.read(_content(record), progress)


def store_preview(record, plan, error=""):
    record.preview = plan.as_preview()
    record.previewed_fingerprint = plan.fingerprint
    record.state = ImportState.PLANNED
    record.error = error
    record.save(update_fields=["preview", "previewed_fingerprint", "state", "error"])


def _queue(record, step, user=None, fingerprint=""):
    """Hand the step to a worker once the row is committed; a broker that cannot be reached fails the step with a
    message (nothing was saved), and the page offers to try again."""
    model, pk, user_pk = type(record), record.pk, user.pk if user else None
    state = ImportState.PLANNING if step == "plan" else ImportState.APPLYING
    model.objects.filter(pk=pk).update(state=state, error="", queued_at=timezone.now())

    def send():
        from .tasks import import_run  # tasks.py imports this module to run it

        if not jobs.send(import_run, model, pk, step, user_pk, fingerprint):
            fail(model, pk, _("Baggrundskøen kan ikke nås lige nu, så importen er ikke gået i gang. Intet er gemt; "
                               "prøv igen om lidt."))

    transaction.on_commit(send)


def import_upload(importer, *, upload, user):
    """Store the uploaded file and read it into its preview: here if it is small, in a worker if not."""
    content = upload.read()
    record = importer.model(original_name=upload.name[:255], sha256=hashlib.sha256(content).hexdigest(),
                            uploaded_by=user)
    extension = "xlsx" if content.startswith(b"PK") else "csv"
    record.file.save(f"{record.sha256[:16]}.{extension}", ContentFile(content), save=False)
    record.save()
    preview_refresh(importer, record)
    return record


def preview_refresh(importer, record):
    """Read the stored file again against today's data, and store what the preview shows."""
    if record.file.size > settings.IMPORT_BACKGROUND_BYTES:
        _queue(record, "plan")
    else:
        store_preview(record, read_plan(importer, record, no_progress))


def import_cancel(importer, *, record):
    """Nothing is imported; the file is removed (it was kept only for the confirmation)."""
    record.state = ImportState.CANCELLED
    record.save(update_fields=["state"])
    record.file.delete(save=False)


def import_confirm(importer, *, record, user, fingerprint="", published_confirmed=False):
    """Apply what the person saw in the preview, all or nothing; refused with the reason in words otherwise.

    `fingerprint` is the one the preview page carried (without it: the stored preview's). A plan with a warning
    about published data needs `published_confirmed`."""
    preview = record.preview or {}
    if preview.get("warning_count") and not published_confirmed:
        message = _("Intet er importeret: sæt kryds ved, at du har læst advarslen om offentliggjorte data.")
        record.error = message
        record.save(update_fields=["error"])
        return Outcome(refused=message)
    seen = fingerprint or record.previewed_fingerprint
    if preview.get("work", 0) > importer.background_after:
        _queue(record, "apply", user, seen)
        return Outcome(queued=True, changes=preview.get("change_count", 0), cells=preview.get("cell_count", 0))
    return apply_now(importer, record.pk, user=user, seen=seen, progress=no_progress)


class _Refused(Exception):
    """The file, read again at confirmation, has problems or nothing to do."""


class _Moved(Exception):
    """The plan read at confirmation is not the one the person saw."""


def _short(problems):
    """The first few problems for a message (the page lists them all): a message lives in the session."""
    text = " ".join(str(p) for p in problems[:5])
    if len(problems) > 5:
        text += " " + _("… og %(n)d mere.") % {"n": len(problems) - 5}
    return text


def apply_now(importer, pk, *, user, seen, progress):
    model = importer.model
    stale = False
    try:
        with transaction.atomic():
            # The row is locked: a double click or a redelivered task applies once, the second finds it applied.
            record = model.objects.select_for_update().get(pk=pk)
            if record.applied_at is not None:
                preview = record.preview or {}
                return Outcome(applied=True, changes=preview.get("change_count", 0), cells=preview.get("cell_count", 0))
            plan = read_plan(importer, record, progress)
            if plan.problems:
                raise _Refused(_short(plan.problems))
            if not plan.changes:
                raise _Refused(str(importer.nothing_to_do))
            if plan.fingerprint != seen:
                raise _Moved
            importer.apply(plan=plan, record=record, user=user, progress=progress)
            record.applied_at, record.state, record.error = timezone.now(), ImportState.APPLIED, ""
            record.summary = "\n".join(c.title for c in plan.changes)
            record.save()
            return Outcome(applied=True, changes=len(plan.changes), cells=plan.cell_count)
    except (StaleEdit, _Moved):  # StaleEdit: the app's apply found a row saved meanwhile
        stale = True
    except _Refused as refused:
        message = str(refused)
    except (ValidationError, DatabaseError) as error:
        # The reader checks what the database will take; should anything still be refused, nothing was saved, and
        # the person is told so instead of meeting an error page.
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else type(error).__name__
        message = _("Importen kunne ikke gennemføres, og intet er gemt: %(why)s") % {"why": reason}
    record = model.objects.get(pk=pk)
    if stale:
        # Shown again as it would be now; the person confirms this new preview, or not.
        message = str(importer.stale_message)
        store_preview(record, read_plan(importer, record, no_progress), error=message)
    else:
        record.state, record.error = ImportState.PLANNED, message
        record.save(update_fields=["state", "error"])
    return Outcome(refused=message)


def fail(model, pk, reason):
    model.objects.filter(pk=pk).update(state=ImportState.FAILED, error=reason)
    jobs.finish(model, pk)


def import_models():
    return [model for model in apps.get_models() if issubclass(model, ImportFile)]


def requeue_stale(now=None):
    """Send again the background steps (reading, applying) whose worker died (no heartbeat for
    RENDER_HEARTBEAT_STALE_SECONDS: a kill -9 mid-apply rolled its transaction back, and nothing is saved), whose
    message never reached the broker, or that were sent longer than REPORT_STALE_AFTER_SECONDS ago and never
    started (a lost message); the same sweep, over the same jobs, as the documents'. Returns the rows sent again.
    The step is idempotent: the row lock and `applied_at` make a late first delivery and this one apply once."""
    now = now or timezone.now()
    beat_cutoff = jobs.beat_cutoff(now)
    lost_cutoff = now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    requeued = []
    for model in import_models():
        jobs.prune(model)
        busy = list(model.objects.filter(state__in=[ImportState.PLANNING, ImportState.APPLYING]))
        unsent, beats = jobs.unsent(model), jobs.beats(model, [record.pk for record in busy])
        for record in busy:
            if record.pk not in beats:
                continue  # no job recorded: nothing to send again; after the time limit the page offers "Prøv igen"
            beat = beats[record.pk]
            dead = beat is not None and beat < beat_cutoff
            lost = beat is None and record.queued_at is not None and record.queued_at < lost_cutoff
            if not (dead or lost or record.pk in unsent):
                continue
            model.objects.filter(pk=record.pk).update(queued_at=now)
            log.warning("Import %s %s sent again (%s)", model._meta.label, record.pk,
                        "worker died" if dead else "message lost" if lost else "broker was down")
            jobs.resend(model, record.pk)
            requeued.append(record)
    return requeued
