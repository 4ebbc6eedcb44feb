"""One download and one retry view for every kind of document; an app's urls.py wires them with its model."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dagtilbud.permissions import require_perm

from . import workflow


def pdf_download(request, pk, *, model):
    """A ready version of any RenderedPDF `model` (given in the app's urls.py), to whoever may read it; a version
    outside the user's scope, or not ready yet, is a 404."""
    if model.area_permission:
        require_perm(request.user, model.area_permission)
    document = get_object_or_404(model.objects.for_user(request.user), pk=pk, state=model.State.READY)
    require_perm(request.user, model.view_permission, document)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename,
                        content_type="application/pdf")


@require_POST
def pdf_retry(request, pk, *, model):
    """Queue a failed version of any RenderedPDF `model` again, and go back to the page that lists it."""
    if model.area_permission:
        require_perm(request.user, model.area_permission)
    document = get_object_or_404(model.objects.for_user(request.user), pk=pk)
    require_perm(request.user, model.retry_permission, document)
    document = workflow.retry(document)
    messages.success(request, _("Rapporten er sat i kø igen."))
    workflow.warn_if_not_queued(request, document)
    return redirect(document)
