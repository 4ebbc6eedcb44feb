"""The learning plan pages: the work (the house's leaders and the district, scoped by for_user) and the public
pages at /laereplaner/, which show only what is published, to everyone, without login."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dagtilbud.concurrency import StaleEdit, refuse_stale
from dagtilbud.documents import workflow as documents
from dagtilbud.fragments import lazy, whole_for_visitors
from dagtilbud.paging import page_of
from dagtilbud.permissions import require_perm
from districts.models import ANSWER, Institution, Municipality
from districts.roles import roles_of

from . import selectors, services, spreadsheets
from .forms import AttachmentForm, EvaluationForm, PlanForm, ReturnForm
from .models import Attachment, EvaluationPDF, LearningPlan, PlanEvaluation

# --- the work -----------------------------------------------------------------------------------------------------


def _institution_for(request, pk):
    require_perm(request.user, "learningplans.view_learning_plans")
    institution = get_object_or_404(
        Institution.objects.for_user(request.user, ANSWER).select_related("district"), pk=pk)
    require_perm(request.user, "learningplans.view_institution_plans", institution)
    return institution


def _evaluation_for(request, pk):
    require_perm(request.user, "learningplans.view_learning_plans")
    evaluation = get_object_or_404(PlanEvaluation.objects.for_user(request.user).select_related(
        "institution__district", "plan"), pk=pk)
    require_perm(request.user, "learningplans.view_evaluation", evaluation)
    return evaluation


def overview(request):
    """The houses in the user's charge and their evaluations: current, due soon, overdue, never evaluated; per
    district for whoever sees several. The same for everyone with the same roles: cached per data revision."""
    require_perm(request.user, "learningplans.view_learning_plans")
    return render(request, "learningplans/overview.html", {
        "data": lazy(_overview, request.user, request.GET, today=timezone.localdate())})


def _overview(user, query, *, today):
    rows = selectors.house_rows(Institution.objects.for_user(user, ANSWER), today=today)
    total, districts = selectors.rollup(rows, municipality=Municipality.objects.current())
    page, rest = page_of(rows, query)
    return {"today": today, "total": total, "districts": districts, "page": page, "query": rest,
            "rows": page.object_list,
            "waiting": selectors.waiting_for_approval(Institution.objects.for_user(user, ANSWER)),
            "several": roles_of(user).sees_several_districts, "interval_months": settings.LEARNING_PLAN_INTERVAL_MONTHS}


def overview_xlsx(request):
    require_perm(request.user, "learningplans.view_learning_plans")
    rows = selectors.house_rows(Institution.objects.for_user(request.user, ANSWER), today=timezone.localdate())
    response = HttpResponse(spreadsheets.overview_workbook(rows), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = 'attachment; filename="laereplaner.xlsx"'
    return response


def institution(request, pk):
    institution_ = _institution_for(request, pk)
    today = timezone.localdate()
    row = selectors.house_rows(Institution.objects.filter(pk=institution_.pk), today=today)[0]
    return render(request, "learningplans/institution.html", {
        "institution": institution_, "row": row, "today": today, **selectors.house_history(institution_),
        "may_add_plan": request.user.has_perm("learningplans.add_plan", institution_),
        "may_start": request.user.has_perm("learningplans.start_evaluation", institution_)})


def plan_add(request, pk):
    institution_ = _institution_for(request, pk)
    require_perm(request.user, "learningplans.add_plan", institution_)
    form = PlanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            services.plan_add(institution=institution_, plan_date=form.cleaned_data["plan_date"],
                              text=form.cleaned_data["text"], file=upload,
                              original_name=upload.name if upload else "", user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Læreplanen er gemt."))
            return redirect("learningplans:institution", pk=institution_.pk)
    return render(request, "learningplans/plan_form.html", {"form": form, "institution": institution_})


@require_POST
def evaluation_start(request, pk):
    institution_ = _institution_for(request, pk)
    require_perm(request.user, "learningplans.start_evaluation", institution_)
    try:
        evaluation = services.evaluation_start(institution=institution_, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learningplans:institution", pk=institution_.pk)
    messages.success(request, _("En ny evaluering er oprettet som kladde."))
    return redirect("learningplans:evaluation_edit", pk=evaluation.pk)


def evaluation_detail(request, pk):
    evaluation = _evaluation_for(request, pk)
    return render(request, "learningplans/evaluation.html", {
        **selectors.evaluation_page(evaluation), **_pdfs_context(request, evaluation),
        "may_edit": request.user.has_perm("learningplans.edit_evaluation", evaluation),
        "may_approve": request.user.has_perm("learningplans.approve_evaluation", evaluation),
        "may_manage": request.user.has_perm("learningplans.manage_learning_plans")})


def evaluation_edit(request, pk):
    """Write the evaluation; "Gem og send" asks that every part is filled in, marks the empty ones and saves
    nothing until they are."""
    evaluation = _evaluation_for(request, pk)
    require_perm(request.user, "learningplans.edit_evaluation", evaluation)
    sending = request.method == "POST" and "send" in request.POST
    form = EvaluationForm(request.POST or None, evaluation=evaluation, sending=sending)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # saved and sent, or neither
                saved = services.evaluation_save(evaluation=evaluation, texts=form.texts(),
                                                 seen_version=form.cleaned_data["version"], user=request.user)
                if sending:
                    services.evaluation_send(evaluation=saved, user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, _("Intet er gemt: %(who)s har ændret evalueringen, mens du arbejdede. Hent siden "
                                        "igen for at se ændringerne."))
        except services.Incomplete as incomplete:
            form.mark_missing(incomplete.missing)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Evalueringen er sendt til godkendelse hos distriktslederen.") if sending
                             else _("Kladden er gemt."))
            return redirect("learningplans:evaluation", pk=evaluation.pk)
    return render(request, "learningplans/evaluation_form.html", {"form": form, "evaluation": evaluation})


@require_POST
def evaluation_send(request, pk):
    evaluation = _evaluation_for(request, pk)
    require_perm(request.user, "learningplans.send_evaluation", evaluation)
    try:
        services.evaluation_send(evaluation=evaluation, user=request.user)
    except services.Incomplete:
        messages.error(request, _("Evalueringen kan først sendes, når alle dele er udfyldt. De tomme felter er "
                                  "markeret."))
        return redirect("learningplans:evaluation_edit", pk=evaluation.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evalueringen er sendt til godkendelse hos distriktslederen."))
    return redirect("learningplans:evaluation", pk=evaluation.pk)


@require_POST
def evaluation_approve(request, pk):
    evaluation = _evaluation_for(request, pk)
    require_perm(request.user, "learningplans.approve_evaluation", evaluation)
    try:
        approved = services.evaluation_approve(evaluation=evaluation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evalueringen er godkendt og offentliggjort. PDF'en dannes af "
                                    "baggrundsprocessen."))
        documents.warn_if_not_queued(request, approved.pdf)
    return redirect("learningplans:evaluation", pk=evaluation.pk)


def evaluation_return(request, pk):
    evaluation = _evaluation_for(request, pk)
    require_perm(request.user, "learningplans.approve_evaluation", evaluation)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_return(evaluation=evaluation, comment=form.cleaned_data["comment"],
                                       user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Evalueringen er sendt retur til den pædagogiske leder."))
            return redirect("learningplans:evaluation", pk=evaluation.pk)
    return render(request, "learningplans/simple_form.html", {
        "form": form, "evaluation": evaluation, "heading": _("Send evalueringen retur"),
        "button": _("Send retur")})


def attachment_add(request, pk):
    evaluation = _evaluation_for(request, pk)
    require_perm(request.user, "learningplans.edit_evaluation", evaluation)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(evaluation=evaluation, file=form.cleaned_data["file"],
                                    description=form.cleaned_data["description"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Bilaget er tilføjet."))
            return redirect("learningplans:evaluation", pk=evaluation.pk)
    return render(request, "learningplans/simple_form.html", {
        "form": form, "evaluation": evaluation, "heading": _("Tilføj bilag"), "button": _("Tilføj"),
        "multipart": True})


def _attachment_for(request, pk):
    require_perm(request.user, "learningplans.view_learning_plans")
    attachment = get_object_or_404(Attachment.objects.for_user(request.user).select_related(
        "evaluation__institution"), pk=pk)
    require_perm(request.user, "learningplans.view_evaluation", attachment.evaluation)
    return attachment


def attachment_download(request, pk):
    attachment = _attachment_for(request, pk)
    # Always a download, never shown inline: the file is only checked for its type, not trusted as a page.
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@require_POST
def attachment_delete(request, pk):
    attachment = _attachment_for(request, pk)
    require_perm(request.user, "learningplans.edit_evaluation", attachment.evaluation)
    try:
        services.attachment_delete(attachment=attachment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bilaget er fjernet."))
    return redirect("learningplans:evaluation", pk=attachment.evaluation_id)


def _pdfs_context(request, evaluation):
    return {"versions": documents.versions(
        EvaluationPDF.objects.for_user(request.user).filter(evaluation=evaluation),
        poll_url=reverse("learningplans:pdfs", args=[evaluation.pk]),
        caption=_("Evalueringen som PDF"), empty=_("Der er endnu ikke dannet en PDF af evalueringen."))}


def pdfs(request, pk):
    """The evaluation's PDF versions; while one renders, htmx polls this fragment."""
    evaluation = _evaluation_for(request, pk)
    return render(request, "components/pdf_versions.html", _pdfs_context(request, evaluation))


@require_POST
def pdf_request(request, pk):
    evaluation = _evaluation_for(request, pk)
    require_perm(request.user, "learningplans.manage_learning_plans")
    try:
        document = services.pdf_request(evaluation=evaluation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evalueringen er sat i kø og dannes som PDF af baggrundsprocessen."))
        documents.warn_if_not_queued(request, document)
    return redirect("learningplans:evaluation", pk=evaluation.pk)


# --- public: no login, only what is published ---------------------------------------------------------------------


@login_not_required
@whole_for_visitors
def public_index(request):
    """Every house with its current learning plan and latest published evaluation. Cached per data revision."""
    return render(request, "learningplans/public_index.html", {
        "data": lazy(_public_index, today=timezone.localdate())})


def _public_index(*, today):
    rows = selectors.house_rows(Institution.objects.all(), today=today)
    districts = {}
    for row in rows:
        districts.setdefault(row.institution.district, []).append(row)
    return {"districts": list(districts.items()), "municipality": Municipality.objects.current()}


@login_not_required
@whole_for_visitors
def public_house(request, pk):
    institution_ = get_object_or_404(Institution.objects.select_related("district"), pk=pk)
    return render(request, "learningplans/public_house.html", {
        "institution": institution_, "data": lazy(_public_house, institution_)})


def _public_house(institution_):
    evaluations = list(PlanEvaluation.objects.published().filter(institution=institution_).select_related("plan"))
    latest = evaluations[0] if evaluations else None
    return {"plan": LearningPlan.objects.filter(institution=institution_).first(), "evaluations": evaluations,
            "latest": latest, "parts": selectors.parts_of(latest) if latest else [],
            "pdf": selectors.latest_ready_pdf(latest) if latest else None}


def _published(pk):
    """A published evaluation, or 404: a draft, sent or returned evaluation does not exist for the public."""
    return get_object_or_404(PlanEvaluation.objects.published().select_related("institution__district", "plan"),
                             pk=pk)


@login_not_required
@whole_for_visitors
def public_evaluation(request, pk):
    evaluation = _published(pk)
    return render(request, "learningplans/public_evaluation.html", {
        "evaluation": evaluation, "data": lazy(lambda: {"parts": selectors.parts_of(evaluation),
                                                        "pdf": selectors.latest_ready_pdf(evaluation)})})


@login_not_required
def public_pdf(request, pk):
    """The published evaluation's newest ready PDF: one stable link per evaluation."""
    evaluation = _published(pk)
    document = selectors.latest_ready_pdf(evaluation)
    if document is None:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=False, filename=document.filename,
                        content_type="application/pdf")


@login_not_required
def public_plan(request, pk):
    """A learning plan's PDF: plans are public documents."""
    plan = get_object_or_404(LearningPlan, pk=pk)
    if not plan.file:
        raise Http404
    return FileResponse(plan.file.open("rb"), as_attachment=False, filename=plan.filename,
                        content_type="application/pdf")
