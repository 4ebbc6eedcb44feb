from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dagtilbud.concurrency import StaleEdit, refuse_stale
from dagtilbud.documents import workflow as documents
from dagtilbud.formatting import danish_date
from dagtilbud.fragments import lazy
from dagtilbud.paging import page_of
from dagtilbud.permissions import require_perm
from districts.models import ANSWER, Institution, Municipality
from districts.roles import roles_of

from . import selectors, services
from .forms import (
    DistrictFilter,
    FollowUpForm,
    OrderForm,
    SelfAssessmentForm,
    SettingsForms,
    VisitForm,
)
from .models import (
    Order,
    QualityDimension,
    QualityLevel,
    SelfAssessmentQuestion,
    SupervisionReport,
    SupervisionVisit,
)


def _institution_for(request, pk):
    require_perm(request.user, "supervision.view_supervision")
    institution = get_object_or_404(
        Institution.objects.for_user(request.user, ANSWER).select_related("district"), pk=pk)
    require_perm(request.user, "supervision.view_institution_supervision", institution)
    return institution


def _visit_for(request, pk):
    require_perm(request.user, "supervision.view_supervision")
    visit = get_object_or_404(SupervisionVisit.objects.for_user(request.user).select_related(
        "institution__district"), pk=pk)
    require_perm(request.user, "supervision.view_institution_supervision", visit.institution)
    return visit


def overview(request):
    """The institutions in the user's charge: the latest pedagogical visit, the next one due and why, open orders;
    for administrators and district leaders rolled up per district and for the municipality.

    Whoever sees several districts gets, below the roll-up, the houses that need attention (a visit overdue or
    due within 90 days, an order past its due date) or, with ?distrikt=, one district's houses; everyone else all
    their houses."""
    require_perm(request.user, "supervision.view_supervision")
    # The same for everyone with the same roles: cached per data revision in the template, computed only when the
    # cache has no copy.
    return render(request, "supervision/overview.html", {
        "data": lazy(_overview, request.user, request.GET, today=timezone.localdate())})


def _overview(user, query, *, today):
    levels = selectors.levels()
    institutions = Institution.objects.for_user(user, ANSWER)
    total, districts = selectors.rollup(institutions, today=today, levels=levels,
                                        municipality=Municipality.objects.current())
    district_filter = DistrictFilter(query or None, districts=[line.obj for line in districts])
    chosen = district_filter.district()
    if chosen is not None:
        listed = institutions.filter(district=chosen)
    elif roles_of(user).sees_several_districts:
        listed = selectors.needing_attention(institutions, today=today)
    else:
        listed = institutions
    # Most urgent first (never visited, then the earliest due), a page at a time.
    page, query = page_of(selectors.by_urgency(listed), query)
    rows = selectors.institution_rows(Institution.objects.filter(pk__in=page.object_list), today=today,
                                      levels=levels)
    order = {pk: n for n, pk in enumerate(page.object_list)}
    rows.sort(key=lambda row: order[row.institution.pk])
    return {
        "today": today, "levels": levels, "total": total, "districts": districts, "chosen": chosen,
        "district_filter": district_filter, "attention_only": listed is not institutions and chosen is None,
        "rows": rows, "page": page, "query": query,
        "level_counts": [(line, line.level_counts(levels)) for line in [total, *districts]]}


def institution(request, pk):
    institution_ = _institution_for(request, pk)
    today = timezone.localdate()
    levels = selectors.levels()
    row = selectors.institution_rows(Institution.objects.filter(pk=institution_.pk), today=today, levels=levels)[0]
    return render(request, "supervision/institution.html", {
        "institution": institution_, "row": row, "today": today, "visits": selectors.institution_visits(institution_),
        "orders": list(Order.objects.open().filter(visit__institution=institution_).select_related("visit"))})


def visit_detail(request, pk):
    """The supervision report: the visit, the self-assessment, the assessments, findings and orders."""
    visit = _visit_for(request, pk)
    return render(request, "supervision/visit.html", {
        **selectors.visit_page(visit), **_reports_context(request, visit), "today": timezone.localdate()})


def visit_edit(request, pk=None, institution_pk=None):
    require_perm(request.user, "supervision.manage_supervision")
    if pk:
        visit = _visit_for(request, pk)
        institution_ = visit.institution
    else:
        institution_ = _institution_for(request, institution_pk)
        visit = SupervisionVisit(institution=institution_)
    dimensions = list(QualityDimension.objects.filter(active=True))
    form = VisitForm(request.POST or None, instance=visit, institution=institution_, dimensions=dimensions,
                     levels=QualityLevel.objects.all())
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.visit_save(visit=form.save(commit=False), assessments=form.assessments(),
                                        seen_version=form.cleaned_data["version"], user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, _("Intet er gemt: %(who)s har ændret tilsynet, mens du arbejdede. Det, den anden "
                                        "har gemt, står ved felterne. Ret til her, og gem igen."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tilsynet er gemt."))
            return redirect("supervision:visit", pk=saved.pk)
    heading = _("Ret tilsyn") if visit.pk else _("Nyt tilsyn")
    return render(request, "supervision/visit_form.html", {"form": form, "institution": institution_,
                                                           "heading": heading, "visit": visit})


def visit_cancel(request, pk):
    """GET asks (a page, not the browser's confirm()), POST cancels."""
    visit = _visit_for(request, pk)
    require_perm(request.user, "supervision.manage_supervision")
    if request.method != "POST":
        if visit.is_completed:
            messages.error(request, _("Et gennemført tilsyn kan ikke aflyses."))
            return redirect("supervision:visit", pk=visit.pk)
        return render(request, "confirm.html", {
            "heading": _("Aflys tilsynet den %(date)s?") % {"date": danish_date(visit.visit_date)},
            "lead": visit.institution.name,
            "consequences": [_("Tilsynet forsvinder fra planen (historikken bevarer det)."),
                             _("Selvevalueringens svar slettes med det.")],
            "button": _("Ja, aflys tilsynet"),
            "cancel_url": reverse("supervision:visit", args=[visit.pk]),
        })
    try:
        services.visit_cancel(visit=visit, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("supervision:visit", pk=visit.pk)
    messages.success(request, _("Tilsynet den %(date)s er aflyst.") % {"date": danish_date(visit.visit_date)})
    return redirect("supervision:institution", pk=visit.institution_id)


def order_add(request, pk):
    require_perm(request.user, "supervision.manage_supervision")
    visit = _visit_for(request, pk)
    form = OrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_add(visit=visit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Påbuddet er gemt."))
            return redirect("supervision:visit", pk=visit.pk)
    return render(request, "supervision/simple_form.html", {"form": form, "visit": visit,
                                                            "heading": _("Nyt påbud")})


def follow_up_add(request, pk):
    """Leaders note what they did about an order; the supervisor (an administrator) also closes it."""
    require_perm(request.user, "supervision.view_supervision")
    order = get_object_or_404(Order.objects.for_user(request.user).select_related("visit__institution"), pk=pk)
    require_perm(request.user, "supervision.follow_up_order", order)
    form = FollowUpForm(request.POST or None, may_close=request.user.has_perm("supervision.manage_supervision"))
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_add(order=order, text=form.cleaned_data["text"],
                                   closes=form.cleaned_data.get("closes", False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opfølgningen er gemt."))
            return redirect("supervision:visit", pk=order.visit_id)
    return render(request, "supervision/simple_form.html", {
        "form": form, "visit": order.visit, "order": order, "heading": _("Opfølgning på påbud")})


def self_assessment(request, pk):
    """The leader's answers to the administration's questions before a planned visit."""
    visit = _visit_for(request, pk)
    require_perm(request.user, "supervision.answer_self_assessment", visit)
    questions = list(SelfAssessmentQuestion.objects.filter(active=True))
    answers = {a.question_id: a.answer for a in visit.self_assessment.all()}
    form = SelfAssessmentForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and not visit.is_completed and form.is_valid():
        try:
            services.self_assessment_save(visit=visit, answers=form.answers(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Selvevalueringen er gemt."))
            return redirect("supervision:visit", pk=visit.pk)
    return render(request, "supervision/self_assessment.html", {"form": form, "visit": visit})


def _reports_context(request, visit):
    return {"versions": documents.versions(
        SupervisionReport.objects.for_user(request.user).filter(visit=visit),
        poll_url=reverse("supervision:report_pdfs", args=[visit.pk]),
        caption=_("Tilsynsrapporten som PDF"), empty=_("Der er endnu ikke dannet en PDF af tilsynsrapporten."))}


def report_pdfs(request, pk):
    """The report's PDF versions; while one renders, htmx polls this fragment."""
    visit = _visit_for(request, pk)
    return render(request, "components/pdf_versions.html", _reports_context(request, visit))


@require_POST
def report_pdf_request(request, pk):
    visit = _visit_for(request, pk)
    require_perm(request.user, "supervision.manage_supervision")
    try:
        report = documents.request(SupervisionReport, owner=visit, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tilsynsrapporten er sat i kø og dannes som PDF af baggrundsprocessen."))
        documents.warn_if_not_queued(request, report)
    return redirect("supervision:visit", pk=visit.pk)




def settings_edit(request):
    """The scale and its rule, the dimensions and the self-assessment questions, on one page and saved together."""
    require_perm(request.user, "supervision.manage_supervision")
    settings_forms = SettingsForms(request.POST if request.method == "POST" else None)
    errors = []
    if request.method == "POST":
        try:
            if settings_forms.is_valid():
                services.settings_save(settings_forms=settings_forms, user=request.user)
                messages.success(request, _("Indstillingerne for tilsyn er gemt."))
                return redirect("supervision:settings")
        except services.SettingsChanged:
            settings_forms.is_stale = True
        except ValidationError as error:
            errors.extend(error.messages)
        if settings_forms.is_stale:
            errors.append(SettingsForms.STALE)
            settings_forms = SettingsForms()
    return render(request, "supervision/settings.html", {
        "formsets": settings_forms.formsets, "fingerprint": settings_forms.fingerprint, "errors": errors})
