from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dagtilbud.concurrency import StaleEdit, refuse_stale
from dagtilbud.documents import workflow as documents
from dagtilbud.navigation import back_to, next_url
from dagtilbud.permissions import require_perm

from . import selectors, services, spreadsheets
from .forms import ActionForm, ActionProgressForm, EvaluationForm, GoalForm, RecommendationForm, StatusForm
from .models import Action, Evaluation, Goal, Recommendation, StatusReport


def _evaluation_for(request, pk):
    evaluation = get_object_or_404(Evaluation.objects.for_user(request.user), pk=pk)
    require_perm(request.user, "evaluations.view_evaluation", evaluation)
    return evaluation


def evaluation_list(request):
    require_perm(request.user, "evaluations.view_evaluation")
    return render(request, "evaluations/evaluation_list.html",
                  {"evaluations": list(Evaluation.objects.for_user(request.user))})


def evaluation_detail(request, pk):
    """Goals with how they moved over time, the recommendations and the actions that follow."""
    evaluation = _evaluation_for(request, pk)
    return render(request, "evaluations/evaluation_detail.html", {
        "evaluation": evaluation, "page": selectors.evaluation_page(evaluation), "today": timezone.localdate(),
        # Where the person came from (the dashboard): the page's edit links carry it on, so a save returns there.
        "back": next_url(request)})


def status_report(request, pk):
    """Laid out like the municipality's own status paper: per goal the latest status, then the potentials."""
    evaluation = _evaluation_for(request, pk)
    return render(request, "evaluations/status_report.html", {
        "page": selectors.evaluation_page(evaluation), "potentials": selectors.potentials(evaluation),
        **_status_reports_context(request, evaluation)})


def _status_reports_context(request, evaluation):
    return {"evaluation": evaluation, "versions": documents.versions(
        StatusReport.objects.for_user(request.user).filter(evaluation=evaluation),
        poll_url=reverse("evaluations:status_report_pdfs", args=[evaluation.pk]),
        caption=_("Statusrapporten som PDF"), empty=_("Der er endnu ikke dannet en PDF af statusrapporten."))}


def status_report_pdfs(request, pk):
    """The status report's PDF versions; while one renders, htmx polls this fragment."""
    evaluation = _evaluation_for(request, pk)
    return render(request, "components/pdf_versions.html", _status_reports_context(request, evaluation))


@require_POST
def status_report_pdf_request(request, pk):
    evaluation = _evaluation_for(request, pk)
    require_perm(request.user, "evaluations.manage_evaluations")
    report = documents.request(StatusReport, owner=evaluation, user=request.user)
    messages.success(request, _("Statusrapporten er sat i kø og dannes som PDF af baggrundsprocessen."))
    documents.warn_if_not_queued(request, report)
    return redirect("evaluations:status_report", pk=evaluation.pk)


def report_file(request, pk):
    evaluation = _evaluation_for(request, pk)
    if not evaluation.report_file:
        raise Http404
    return FileResponse(evaluation.report_file.open("rb"), as_attachment=True,
                        filename=evaluation.report_file.name.rsplit("/", 1)[-1], content_type="application/pdf")


def evaluation_export(request, pk):
    evaluation = _evaluation_for(request, pk)
    response = HttpResponse(spreadsheets.evaluation_workbook(evaluation), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="evaluering-{evaluation.pk}.xlsx"'
    return response


def _form_page(request, form, heading):
    return render(request, "form.html", {"form": form, "heading": heading})


def evaluation_edit(request, pk=None):
    require_perm(request.user, "evaluations.manage_evaluations")
    instance = get_object_or_404(Evaluation.objects.for_user(request.user), pk=pk) if pk else None
    form = EvaluationForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_save(evaluation=form.save(commit=False),
                                                  seen_version=form.cleaned_data["version"], user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, _("Intet er gemt: %(who)s har ændret evalueringen, mens du arbejdede. Det, "
                                        "den anden har gemt, står ved felterne. Ret til, og gem igen."))
        else:
            messages.success(request, _("Evalueringen er gemt."))
            return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
    return _form_page(request, form, _("Ret evaluering") if instance else _("Ny evaluering"))


def goal_create(request, pk):
    require_perm(request.user, "evaluations.manage_evaluations")
    evaluation = get_object_or_404(Evaluation.objects.for_user(request.user), pk=pk)
    form = GoalForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
    return _form_page(request, form, _("Nyt mål"))


def recommendation_create(request, pk):
    require_perm(request.user, "evaluations.manage_evaluations")
    evaluation = get_object_or_404(Evaluation.objects.for_user(request.user), pk=pk)
    form = RecommendationForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
    return _form_page(request, form, _("Ny anbefaling"))


def status_add(request, kind, pk):
    """A new status on a goal or a recommendation."""
    if kind == "maal":
        target = get_object_or_404(Goal.objects.for_user(request.user).select_related("evaluation"), pk=pk)
    else:
        target = get_object_or_404(Recommendation.objects.for_user(request.user).select_related("evaluation"), pk=pk)
        target.district_ids = list(target.districts.values_list("pk", flat=True))
    _evaluation_for(request, target.evaluation_id)
    require_perm(request.user, "evaluations.add_status", target)
    form = StatusForm(request.POST or None, initial={"as_of": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.status_add(target=target, user=request.user, **form.cleaned_data)
        messages.success(request, _("Status er tilføjet."))
        anchor = f"goal-{target.pk}" if kind == "maal" else f"recommendation-{target.pk}"
        return redirect(back_to(request, fragment=anchor, default=reverse(
            "evaluations:evaluation_detail", args=[target.evaluation_id])))
    return render(request, "evaluations/status_form.html", {
        "form": form, "target": target, "is_goal": kind == "maal", "back": next_url(request),
        "districts": [] if kind == "maal" else list(target.districts.all())})


def action_edit(request, pk, action_pk=None):
    """Administrators create and change every field; a district leader moves their own district's actions."""
    evaluation = _evaluation_for(request, pk)
    action = get_object_or_404(
        Action.objects.for_user(request.user).select_related("owner_district", "recommendation")
        .prefetch_related("recommendation__goals"),
        pk=action_pk, evaluation=evaluation) if action_pk else None
    if action is None:
        require_perm(request.user, "evaluations.manage_evaluations")
    else:
        require_perm(request.user, "evaluations.update_action", action)
    full = request.user.has_perm("evaluations.manage_evaluations")
    form_class = ActionForm if full else ActionProgressForm
    form = form_class(request.POST or None, instance=action, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.action_save(action=form.save(commit=False), seen_version=form.cleaned_data["version"],
                                         user=request.user, note=form.cleaned_data["note"])
        except StaleEdit as stale:
            refuse_stale(form, stale, _("Intet er gemt: %(who)s har ændret handlingen, mens du arbejdede. Status "
                                        "er nu “%(state)s”. Ret til, og gem igen."),
                         state=stale.current.get_state_display())
        else:
            messages.success(request, _("Handlingen er gemt."))
            return redirect(back_to(request, fragment=f"action-{saved.pk}", default=reverse(
                "evaluations:evaluation_detail", args=[evaluation.pk])))
    return render(request, "evaluations/action_form.html", {
        "form": form, "evaluation": evaluation, "action": action,
        "recommendation": action.recommendation if action else None,
        "heading": _("Ret handling") if action else _("Ny handling"), "back": next_url(request),
        "history": selectors.action_history(action) if action else []})
