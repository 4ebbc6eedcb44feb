"""Importing a spreadsheet, the one way: upload, preview, confirm, apply all or nothing.

An app gives two functions and a row model, which names its importer by a dotted path (`importer`), as a
RenderedPDF names its HTML builder, so that models do not import the module that imports them; everything else is
here:
- `read(content, progress)` reads the file and returns a `Plan`: what the import would change, cell by cell, and every
  problem with its cell. It changes nothing.
- `apply(plan=, record=, user=, progress=)` makes the plan's changes through the app's services, inside the
  transaction this module opens; it raises StaleEdit when the data moved since the plan was read.
- the row model subclasses `ImportFile` (the stored upload, its state and the preview it showed).

The steps: the upload (a POST) stores the file and reads it into a preview stored on the row; the preview page (a
GET) only shows that stored preview and writes nothing; asking for a fresh preview is a POST. Confirming (a POST)
reads the file again inside one transaction and applies it only if the plan's fingerprint (its changes and the
versions of the data they were computed from) is the one the person saw, and only if they confirmed the warning
when a change touches published data. Files larger than settings.IMPORT_BACKGROUND_BYTES are read by a Celery
task, and plans with more than the importer's `background_after` saves are applied by one; the page shows their
progress. Nothing a browser sends back can change what is imported: the file is read again on confirmation.
"""

import datetime
import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.utils.module_loading import import_string
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from .concurrency import StaleEdit

log = logging.getLogger(__name__)

# A preview shows this many changes and problems in full; the rest are counted. The fingerprint covers them all.
SHOWN = 500


class ImportState(models.TextChoices):
    PLANNING = "planning", gettext_lazy("Filen læses")
    PLANNED = "planned", gettext_lazy("Klar til at blive bekræftet")
    APPLYING = "applying", gettext_lazy("Importeres")
    APPLIED = "applied", gettext_lazy("Importeret")
    FAILED = "failed", gettext_lazy("Fejlet")
    CANCELLED = "cancelled", gettext_lazy("Annulleret")


def upload_to(instance, filename):
    return f"{instance.upload_folder}/{filename}"


class ImportFile(models.Model):
    """An uploaded spreadsheet, kept with its checksum, the preview it gave and what became of it."""

    upload_folder = "imports"
    importer = ""  # dotted path of the app's Importer, e.g. "capacity.imports.IMPORTER"

    file = models.FileField(upload_to=upload_to)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.PLANNED)
    # What the preview page shows (Plan.as_preview), written by the upload, a fresh preview or the task, never by a
    # GET; and the fingerprint of that plan: confirmation applies only a plan with the same one.
    preview = models.JSONField(null=True, blank=True, editable=False)
    previewed_fingerprint = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)  # why a background step failed, in Danish
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)  # when a worker was last asked
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def busy(self):
        return self.state in (ImportState.PLANNING, ImportState.APPLYING)

    @property
    def stuck(self):
        """Queued longer than a task may run: its message or its worker was lost (Redis gives an unacknowledged
        message back only after an hour), so the person may ask again. The row lock makes a late first
        delivery and the new one apply once."""
        limit = datetime.timedelta(seconds=settings.IMPORT_SOFT_TIME_LIMIT + 120)
        return self.busy and (self.queued_at is None or timezone.now() - self.queued_at > limit)

    @property
    def may_refresh(self):
        """Whether the file may be read again: waiting for a confirmation, failed, or stuck in a worker."""
        return self.applied_at is None and (self.state in (ImportState.PLANNED, ImportState.FAILED) or self.stuck)


# --- The plan protocol ----------------------------------------------------------------------------------------------

@dataclass
class CellChange:
    """One value the import changes, named as the workbook names it: "Indsatser!D3" and the column "Titel"."""
    cell: str
    column: str
    old: str
    new: str


@dataclass
class Change:
    """One thing the import does ("Ændret indsats 3.2. Pilotprojekt"), its cells, and, if it changes what a
    published document shows, the warning in words."""
    title: str
    cells: list = field(default_factory=list)
    published: str = ""


@dataclass
class Plan:
    """What an import would do. An app's reader fills it (and may subclass it to carry what its apply needs)."""
    subject: str = ""  # what the import is about: the agreement and its year, the institutions and months
    changes: list = field(default_factory=list)  # Change
    problems: list = field(default_factory=list)  # spreadsheets.Problem
    unchanged: int = 0  # rows already as in the file
    basis: str = ""  # the versions of the data the plan was computed from (see fingerprint)
    work: int = 0  # the saves the apply makes: above the importer's background_after, a worker applies it

    @property
    def can_apply(self):
        return not self.problems and bool(self.changes)

    @property
    def warnings(self):
        return [c for c in self.changes if c.published]

    @property
    def fingerprint(self):
        """What the preview showed and what it was computed from: the same file against changed data gives
        another fingerprint, so a confirmation of the earlier preview is refused."""
        text = json.dumps([asdict(c) for c in self.changes], sort_keys=True, default=str) + "\n" + self.basis
        return hashlib.sha256(text.encode()).hexdigest()

    def as_preview(self):
        """The plan as the preview page shows it, JSON for the row: the first SHOWN changes and problems, and
        how many there are."""
        return {
            "subject": self.subject, "changes": [asdict(c) for c in self.changes[:SHOWN]],
            "change_count": len(self.changes), "problems": [str(p) for p in self.problems[:SHOWN]],
            "problem_count": len(self.problems), "unchanged": self.unchanged,
            "warning_count": len(self.warnings), "work": self.work,
        }


# --- Importers ------------------------------------------------------------------------------------------------------

@dataclass
class Importer:
    """How one app imports: its row model, reader and apply, permission, URLs and words."""
    model: type
    read: Callable  # read(content, progress) -> Plan
    apply: Callable  # apply(*, plan, record, user, progress)
    permission: str  # asked of the user by every step's view
    namespace: str  # the app's URL namespace; its URLs are named upload_url, "import_preview" and so on
    upload_url: str
    title: str
    intro: str
    templates: tuple  # (label, URL name) of the templates to download
    note: str = ""
    stale_message: str = gettext_lazy("Dataene er ændret, siden du så forhåndsvisningen. Se forhåndsvisningen igen, "
                                      "før du importerer.")
    nothing_to_do: str = gettext_lazy("Ingen ændringer: dataene er allerede som i regnearket.")
    done_url: Callable = None  # done_url(record) -> where to go after a successful import
    background_after: int = 100  # saves applied in the web request; more go to a worker

    @property
    def label(self):
        return self.model._meta.label


def importer_for(model):
    return import_string(model.importer)


# --- Progress -------------------------------------------------------------------------------------------------------

def _progress_key(record):
    return f"import-progress:{record._meta.label}:{record.pk}"


class Progress:
    """A step's progress for the page, in the cache: the apply runs inside a transaction, whose writes to the row
    nobody else can see until it ends. Written at most every half second; a cache that is down costs only the
    figure on the page."""

    def __init__(self, record):
        self.key, self.last = _progress_key(record), 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        try:
            cache.set(self.key, [done, total], 3600)
        except Exception:  # noqa: BLE001 - the progress figure is a nicety; the step goes on without it
            pass


def progress_of(record):
    try:
        value = cache.get(_progress_key(record))
    except Exception:  # noqa: BLE001 - as above: no figure, the page still polls the row's state
        value = None
    if not value or not value[1]:
        return None
    done, total = value
    return {"done": done, "total": total, "percent": min(100, round(100 * done / total))}


def _no_progress(done, total):
    pass


# --- The steps (services) -------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What a confirmation came to, for the view's message."""
    applied: bool = False
    queued: bool = False
    refused: str = ""  # why nothing was imported, in Danish
    changes: int = 0


def _content(record):
    with record.file.open("rb") as stored:
        return stored.read()


def _read(importer, record, progress):
    return importer.read(_content(record), progress)


def _store_preview(record, plan, error=""):
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
        try:
            import_run.delay(model._meta.label, pk, step, user_pk, fingerprint)
        except Exception:  # noqa: BLE001 - kombu raises OperationalError and friends; the row says what happened
            log.exception("Could not queue import %s %s", model._meta.label, pk)
            _fail(model, pk, _("Baggrundskøen kan ikke nås lige nu, så importen er ikke gået i gang. Intet er gemt; "
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
        _store_preview(record, _read(importer, record, _no_progress))


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
        return Outcome(queued=True, changes=preview.get("change_count", 0))
    return _apply_now(importer, record.pk, user=user, seen=seen, progress=_no_progress)


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


def _apply_now(importer, pk, *, user, seen, progress):
    model = importer.model
    stale = False
    try:
        with transaction.atomic():
            # The row is locked: a double click or a redelivered task applies once, the second finds it applied.
            record = model.objects.select_for_update().get(pk=pk)
            if record.applied_at is not None:
                return Outcome(applied=True, changes=(record.preview or {}).get("change_count", 0))
            plan = _read(importer, record, progress)
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
            return Outcome(applied=True, changes=len(plan.changes))
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
        _store_preview(record, _read(importer, record, _no_progress), error=message)
    else:
        record.state, record.error = ImportState.PLANNED, message
        record.save(update_fields=["state", "error"])
    return Outcome(refused=message)


def _fail(model, pk, reason):
    model.objects.filter(pk=pk).update(state=ImportState.FAILED, error=reason)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=settings.IMPORT_SOFT_TIME_LIMIT,
             time_limit=settings.IMPORT_SOFT_TIME_LIMIT + 60)
def import_run(self, model_label, pk, step, user_pk=None, fingerprint=""):
    """A large import's preview ("plan") or apply, in a worker. Takes ids, never objects: the row is read fresh."""
    model = apps.get_model(model_label)
    importer = importer_for(model)
    record = model.objects.filter(pk=pk).first()
    expected = ImportState.PLANNING if step == "plan" else ImportState.APPLYING
    if record is None or record.state != expected:
        return  # cancelled, asked again since, or done by an earlier delivery
    progress = Progress(record)
    try:
        if step == "plan":
            _store_preview(record, _read(importer, record, progress))
        else:
            user = get_user_model().objects.filter(pk=user_pk).first()
            _apply_now(importer, pk, user=user, seen=fingerprint, progress=progress)
    except SoftTimeLimitExceeded:
        _fail(model, pk, _("Importen tog for lang tid og blev stoppet; intet er gemt. Del filen i flere."))
    except Exception as error:  # noqa: BLE001 - the reason is shown on the import's page; nothing was saved
        _fail(model, pk, _("Importen fejlede, og intet er gemt (%(why)s).") % {"why": type(error).__name__})
        raise
