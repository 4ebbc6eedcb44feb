"""The one abstract model shared by the apps: a document rendered to PDF by a Celery worker."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dagtilbud.scoping import OwnedQuerySet


def pdf_upload_to(document, filename):
    return f"{document.pdf_folder()}/{filename}"


class RenderedPDFQuerySet(OwnedQuerySet):
    """The versions whose owner the user may read, by the owner's own `for_user` scope."""


class RenderedPDF(models.Model):
    """One version of a document rendered to PDF. The row is the truth about it, whatever the broker does; the
    workflow (request, render, fail, retry, sweep) is `dagtilbud.documents.workflow`, the download and retry
    views `dagtilbud.documents.views`, for every subclass alike.

    A subclass says, in a few class attributes and two methods:
    - `owner_field`: the row the document is about (a round, an evaluation, a visit); versions are numbered per owner
      (and per any further fields the request names, e.g. a round's drafts and finals apart).
    - `html_builder`: the dotted path of a function document -> HTML. A path, not an import, so that a model never
      imports the module that reads it (the builder is imported by the worker when it renders).
    - `download_view` (a URL name taking the document's pk), `view_permission` (asked of the document), and
      optionally `area_permission` (asked first, without an object: a role that never sees the area gets 403);
      `retry_view` and `retry_permission` where a failed document can be queued again from the page.
    - `filename` and `pdf_folder()`: what the file is called and where it is stored.
    - `check_request(owner)`: raise ValidationError when no document may be requested for this owner yet.
    Whoever may read the owner may read its versions (`objects.for_user`), unless the subclass says otherwise.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RENDERING = "rendering", _("Dannes")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Fejlet")

    owner_field: str
    html_builder: str
    download_view: str
    view_permission: str
    area_permission: str | None = None
    retry_view: str | None = None
    retry_permission: str | None = None

    version = models.PositiveIntegerField(_("version"))
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

    objects = RenderedPDFQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]  # newest version first

    @property
    def is_pending(self):
        return self.state in (self.State.QUEUED, self.State.RENDERING)

    @property
    def version_label(self):
        """How the versions list and its download link name this one."""
        return _("version %(number)d") % {"number": self.version}

    @property
    def download_url(self):
        return reverse(self.download_view, args=[self.pk])

    @property
    def retry_url(self):
        return reverse(self.retry_view, args=[self.pk]) if self.retry_view else None

    @classmethod
    def check_request(cls, owner):
        """Refuse (ValidationError) a document that cannot be made for this owner yet; by default any can."""

    @property
    def filename(self):
        raise NotImplementedError

    def pdf_folder(self):
        raise NotImplementedError
