"""The one abstract model shared by the apps: a document rendered to PDF by a Celery worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def pdf_upload_to(document, filename):
    return f"{document.pdf_folder()}/{filename}"


class RenderedPDF(models.Model):
    """One rendering of a document to PDF. The row is the truth about it, whatever the broker does; the workflow
    (request, render, fail, sweep) is `dagtilbud.rendering`, for every subclass alike.

    A subclass says what its HTML is (`pdf_html`), what the file is called (`filename`) and where it is stored
    (`pdf_folder`).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RENDERING = "rendering", _("Dannes")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Fejlet")

    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField(upload_to=pdf_upload_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the state last changed: the sweep re-queues a document that has sat in one state too long.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self):
        return self.state in (self.State.QUEUED, self.State.RENDERING)

    @property
    def filename(self):
        raise NotImplementedError

    def pdf_folder(self):
        raise NotImplementedError

    def pdf_html(self):
        raise NotImplementedError
