"""The row every app's import subclasses: the uploaded file, its state and the preview it showed."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class ImportState(models.TextChoices):
    PLANNING = "planning", gettext_lazy("Filen læses")
    PLANNED = "planned", gettext_lazy("Klar til at blive bekræftet")
    APPLYING = "applying", gettext_lazy("Importeres")
    APPLIED = "applied", gettext_lazy("Importeret")
    FAILED = "failed", gettext_lazy("Fejlet")
    CANCELLED = "cancelled", gettext_lazy("Annulleret")


def upload_to(instance, filename):
    return f"{instance.upload_folder}/{filename}"


class ImportFileQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """The uploads of an app whose importer the user may use; an app with a narrower rule overrides this."""
        from .plans import importer_for  # plans name the model by dotted path: no import at model loading

        return self if user.has_perm(importer_for(self.model).permission) else self.none()


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

    objects = ImportFileQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def busy(self):
        return self.state in (ImportState.PLANNING, ImportState.APPLYING)

    @property
    def stuck(self):
        """Queued longer than a task may run: its message or its worker was lost and the sweep (dagtilbud/jobs.py,
        which sends it again within minutes) has not helped, e.g. no beat runs; so the person may ask again. The
        row lock makes a late first delivery and the new one apply once."""
        limit = datetime.timedelta(seconds=settings.IMPORT_SOFT_TIME_LIMIT + 120)
        return self.busy and (self.queued_at is None or timezone.now() - self.queued_at > limit)

    @property
    def may_refresh(self):
        """Whether the file may be read again: waiting for a confirmation, failed, or stuck in a worker."""
        return self.applied_at is None and (self.state in (ImportState.PLANNED, ImportState.FAILED) or self.stuck)
