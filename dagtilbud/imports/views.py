"""The import's pages, the same for every importer (see dagtilbud/imports/__init__.py): upload, preview, confirm,
cancel.

An app's urls.py adds `import_urls(importer)`; the views ask the importer's permission and call the services."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from dagtilbud import formatting
from dagtilbud.permissions import require_perm
from dagtilbud.uploads import UploadValidator

from . import workflow
from .models import ImportState
from .progress import progress_of


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Regneark (.xlsx eller .csv)"),
                           help_text=gettext_lazy("Brug skabelonen: hent den herover."),
                           validators=[UploadValidator(kinds=["xlsx", "csv"])])


def _url(importer, step, *args):
    return reverse(f"{importer.namespace}:{importer.name}_{step}", args=args)


def _limits():
    return {"rows": formatting.danish_number(settings.IMPORT_MAX_ROWS),
            "cells": formatting.danish_number(settings.IMPORT_MAX_CELLS)}


def upload(request, importer):
    require_perm(request.user, importer.permission)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = workflow.import_upload(importer, upload=form.cleaned_data["file"], user=request.user)
        return redirect(_url(importer, "preview", record.pk))
    return render(request, "imports/upload.html", {
        "form": form, "importer": importer, "limits": _limits(),
        "templates": [(label, reverse(f"{importer.namespace}:{name}")) for label, name in importer.templates]})


def preview(request, pk, importer):
    """GET shows the stored preview and writes nothing; POST reads the file again against today's data."""
    require_perm(request.user, importer.permission)
    record = get_object_or_404(importer.model.objects.for_user(request.user), pk=pk)
    if request.method == "POST" and record.may_refresh:
        workflow.preview_refresh(importer, record)
        record.refresh_from_db()
    if request.htmx and request.headers.get("HX-Target") == "import-progress":
        if record.busy:
            return render(request, "imports/_progress.html", {"record": record,
                                                              "progress": progress_of(record)})
        return HttpResponseClientRefresh()  # done: the whole page shows the result
    return render(request, "imports/preview.html", {
        "record": record, "importer": importer, "preview": record.preview, "progress": progress_of(record),
        "upload_url": reverse(f"{importer.namespace}:{importer.upload_url}"),
        "preview_url": _url(importer, "preview", pk),
        "apply_url": _url(importer, "apply", pk), "cancel_url": _url(importer, "cancel", pk),
        "done_url": importer.done_url(record) if record.applied_at else ""})


@require_POST
def confirm(request, pk, importer):
    require_perm(request.user, importer.permission)
    record = get_object_or_404(importer.model.objects.for_user(request.user), pk=pk, applied_at__isnull=True,
                               state=ImportState.PLANNED)
    outcome = workflow.import_confirm(importer, record=record, user=request.user,
                                     fingerprint=request.POST.get("fingerprint", ""),
                                     published_confirmed=bool(request.POST.get("published_confirmed")))
    if outcome.applied:
        record.refresh_from_db()
        messages.success(request, ngettext("Importen er gennemført: %(n)d ændret celle.",
                                           "Importen er gennemført: %(n)d ændrede celler.",
                                           outcome.cells) % {"n": outcome.cells})
        return redirect(importer.done_url(record))
    if outcome.queued:
        messages.info(request, _("Importen kører i baggrunden; siden viser, hvor langt den er."))
    # Refused: the preview page shows why (record.error), with the preview as it is now.
    return redirect(_url(importer, "preview", pk))


@require_POST
def cancel(request, pk, importer):
    require_perm(request.user, importer.permission)
    record = get_object_or_404(importer.model.objects.for_user(request.user), pk=pk, applied_at__isnull=True,
                               state__in=[ImportState.PLANNED, ImportState.FAILED])
    workflow.import_cancel(importer, record=record)
    messages.info(request, _("Importen er annulleret. Intet er ændret."))
    return redirect(reverse(f"{importer.namespace}:{importer.upload_url}"))


def import_urls(importer, prefix="import/"):
    kwargs = {"importer": importer}
    return [
        path(prefix, upload, kwargs, name=importer.upload_url),
        path(f"{prefix}<int:pk>/", preview, kwargs, name=f"{importer.name}_preview"),
        path(f"{prefix}<int:pk>/gennemfoer/", confirm, kwargs, name=f"{importer.name}_apply"),
        path(f"{prefix}<int:pk>/annuller/", cancel, kwargs, name=f"{importer.name}_cancel"),
    ]
