from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from capacity import forecast_selectors
from dagtilbud import fragments
from dagtilbud.concurrency import StaleEdit, refuse_stale
from dagtilbud.documents import workflow as documents
from dagtilbud.permissions import require_perm

from . import grid_html, json_export, reporting, selectors, services, spreadsheets
from .forms import AgreementEditForm, AgreementForm, EconomyForm, InitiativeForm, ReopenForm, SectionForm
from .grid import RoundGrid
from .models import BudgetAgreement, EconomyStatus, FollowUpRound, Initiative, Report


def _round_for(request, pk):
    round_ = get_object_or_404(FollowUpRound.objects.for_user(request.user).select_related(
        "agreement", "agreement__committee"), pk=pk)
    require_perm(request.user, "budgetfollowup.view_round", round_)
    return round_


def agreement_list(request):
    require_perm(request.user, "budgetfollowup.view_agreement_list")
    agreements = (
        BudgetAgreement.objects.for_user(request.user)
        .select_related("committee")
        .prefetch_related(Prefetch("rounds", queryset=FollowUpRound.objects.for_user(request.user)))
    )
    return render(request, "budgetfollowup/agreement_list.html", {"agreements": agreements})


def round_detail(request, pk):
    """The round laid out like the report, for everyone allowed to read it.

    What a reader sees below the header (the buttons, the report versions and the body) is the same for everyone
    with the same roles at the same data revision, so it is cached whole under those (dagtilbud.fragments), with the
    permission decision: a hit means someone with exactly these roles was allowed to read this round at this
    revision, and neither the round nor its versions are read again. A page with a form that posts (an
    administrator's: their own CSRF token) is rendered every time."""
    key = fragments.key("round-page", request.user, [pk])
    page = cache.get(key)
    if page is None:
        round_ = _round_for(request, pk)
        content = render_to_string("budgetfollowup/_round_page.html", {
            "versions": _report_versions(request, round_), "round": round_, "body": _round_body(round_),
            "reporting": reporting.panel(round_) if not round_.is_published else None}, request)
        page = (str(round_.report_title), content)
        if "csrfmiddlewaretoken" not in content:
            cache.set(key, page, timeout=fragments.TIMEOUT)
    title, content = page
    return render(request, "budgetfollowup/round_detail.html", {"title": title, "content": mark_safe(content)})


def _round_body(round_):
    """The round's legend, reading guide, sections and initiatives: the same for everyone who may read the round,
    so it is rendered once per data revision and cached (dagtilbud.fragments)."""
    key = fragments.key("round-body", None, [round_.pk])
    body = cache.get(key)
    if body is None:
        body = render_to_string("budgetfollowup/_round_body.html", {"round": round_, **selectors.round_report(round_)})
        cache.set(key, body, timeout=fragments.TIMEOUT)
    return body


def _report_versions(request, round_):
    """The round's report versions as the user may see them (committee members: the published ones)."""
    return documents.versions(
        Report.objects.for_user(request.user).filter(round=round_),
        poll_url=reverse("budgetfollowup:round_reports", args=[round_.pk]),
        caption=_("Rapportversioner"), empty=_("Der er ingen rapporter endnu."))


def round_grid(request, pk):
    # Read before the round (dagtilbud.revision): the rows as loaded are kept under it.
    key = fragments.key("round-grid-rows", request.user, [pk])
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.edit_round", round_)
    if request.method != "POST":
        return _round_grid_page(request, round_, None, show_economy=bool(request.GET.get("regnskab")), key=key)
    grid = RoundGrid(round_, request.POST)
    show_economy = bool(request.POST.get("regnskab"))
    if grid.is_valid():
        changes = grid.changes()
        try:
            services.round_save_grid(round=round_, changes=changes, user=request.user)
        except services.RoundLocked as error:
            messages.error(request, str(error))
            return redirect("budgetfollowup:round_detail", pk=round_.pk)
        except services.GridConflicts as stale:
            grid.show_conflicts(stale.conflicts)
            messages.error(request, _("Intet er gemt: en anden har ændret de markerede indsatser, mens du arbejdede. "
                                      "Se den anden persons værdi, ret til, og gem igen."))
        else:
            messages.success(request, ngettext("%(n)d indsats er gemt.", "%(n)d indsatser er gemt.",
                                               len(changes)) % {"n": len(changes)})
            url = reverse("budgetfollowup:round_grid", args=[round_.pk])
            return redirect(f"{url}?regnskab=1" if show_economy else url)
    else:
        messages.error(request, _("Intet er gemt: ret fejlene i de markerede indsatser."))
    return _round_grid_page(request, round_, grid, show_economy)


def _round_grid_page(request, round_, grid, show_economy, key=None):
    """The grid's page: a posted grid (`grid`) with its values, errors and conflicts; or, on a GET (`grid` None),
    the rows as loaded. Those are the stored values, the same for every administrator until the data changes, so
    they are written once per data revision and kept under `key` (dagtilbud.fragments); a save moves the revision,
    so the page after it is written afresh."""
    reporting_panel = reporting.panel(round_)

    def written(grid):
        if reporting_panel["opened"]:  # each row's reporting state, who and when (grid_html.reporting_state)
            for form in grid.forms:
                form.row.submission = reporting_panel["submissions"].get(form.row.initiative.pk)
        return grid_html.rows(grid)

    if grid is None:
        rows = cache.get(key)
        if rows is None:
            rows = str(written(RoundGrid(round_)))
            cache.set(key, rows, timeout=fragments.TIMEOUT)
        context = {"grid_rows": mark_safe(rows), "conflicts": {}, "has_errors": False, "rows": [],
                   # No template reads the forms on a GET (the rows are written above); a test that posts back does.
                   "forms": fragments.lazy(lambda: RoundGrid(round_).forms)}
    else:
        context = {"grid_rows": written(grid), "conflicts": grid.conflicts, "has_errors": grid.has_errors,
                   "rows": grid.rows(), "forms": grid.forms}
        # An error in a hidden field would be out of reach: the summary's link must land on it.
        show_economy = show_economy or any(form.errors.get("expected_spending") for form in grid.forms)
    return render(request, "budgetfollowup/round_grid.html", {
        "round": round_, "grid_head": grid_html.head(), "reporting": reporting_panel, "show_economy": show_economy,
        **context})


def round_publish(request, pk):
    """GET: what publishing will do, to confirm (a page, not the browser's own dialog); POST: publish."""
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.publish_round", round_)
    not_approved = reporting.not_approved(round_)
    # Rows the centres reported that are not approved are published as they stand only when the administrator
    # says so explicitly.
    refused = (request.method == "POST" and not_approved and not request.POST.get("confirm_unapproved"))
    if request.method != "POST" or refused:
        return render(request, "budgetfollowup/round_publish.html", {
            "round": round_, "missing": selectors.missing_smileys(selectors.round_rows(round_)),
            "committee": round_.agreement.committee, "not_approved": not_approved, "refused": refused})
    report = services.round_publish(round=round_, user=request.user)
    messages.success(request, _("%(round)s er offentliggjort.") % {"round": round_.name})
    documents.warn_if_not_queued(request, report)
    return redirect("budgetfollowup:round_detail", pk=round_.pk)


def round_reopen(request, pk):
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.reopen_round", round_)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.round_reopen(round=round_, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(round)s er genåbnet.") % {"round": round_.name})
        return redirect("budgetfollowup:round_grid", pk=round_.pk)
    return render(request, "budgetfollowup/round_reopen.html", {"round": round_, "form": form})


def report_list(request):
    """Published reports of the user's committees, newest first (administrators: all, drafts too); and the capacity
    forecasts sent to their committees (capacity's ForecastReport, sent by the administration)."""
    require_perm(request.user, "budgetfollowup.view_report_list")
    reports_ = Report.objects.for_user(request.user).select_related("round__agreement__committee").order_by(
        "-round__agreement__year", "-round__number", "-version")  # read only when the cached table is not there
    return render(request, "budgetfollowup/report_list.html", {
        "reports": reports_, "forecasts": forecast_selectors.sent_reports(request.user),
        "reads_forecasts": request.user.has_perm("capacity.view_forecast_pdfs")})


def round_reports(request, pk):
    """The round's report versions; while one renders, htmx polls this fragment."""
    round_ = _round_for(request, pk)
    return render(request, "components/pdf_versions.html", {"versions": _report_versions(request, round_)})


@require_POST
def report_preview(request, pk):
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.request_preview", round_)
    report = documents.request(Report, owner=round_, kind=Report.Kind.DRAFT, user=request.user)
    messages.success(request, _("Udkastet er sat i kø og dannes af baggrundsprocessen."))
    documents.warn_if_not_queued(request, report)
    return redirect("budgetfollowup:round_detail", pk=round_.pk)


def agreement_create(request):
    require_perm(request.user, "budgetfollowup.manage_agreements")
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreement = services.agreement_create(**{k: form.cleaned_data[k] for k in (
            "title", "year", "committee", "case_number", "reading_guide", "economy_guide")})
        messages.success(request, _("Aftalen er oprettet med sine fire opfølgninger."))
        return redirect("budgetfollowup:agreement_detail", pk=agreement.pk)
    return render(request, "form.html", {"form": form, "heading": _("Ny budgetaftale")})


def agreement_detail(request, pk):
    require_perm(request.user, "budgetfollowup.manage_agreements")
    agreement = get_object_or_404(BudgetAgreement.objects.for_user(request.user).select_related("committee"), pk=pk)
    return render(request, "budgetfollowup/agreement_detail.html", {
        "agreement": agreement, "amounts": selectors.agreement_amounts(agreement), "rounds": agreement.rounds.all()})


def agreement_edit(request, pk):
    """The agreement's details and its four rounds' dates (a published round's date is shown, not editable)."""
    require_perm(request.user, "budgetfollowup.manage_agreements")
    agreement = get_object_or_404(BudgetAgreement.objects.for_user(request.user), pk=pk)
    form = AgreementEditForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(agreement=agreement, values=form.agreement_values(),
                                      round_dates=form.round_dates(), seen_revision=form.cleaned_data["version"],
                                      user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, _(
                "Intet er gemt: %(who)s har ændret aftalen eller en af dens indsatser, mens du arbejdede. Se aftalen "
                "i et andet vindue, ret dine ændringer til, og gem igen."))
        except services.RoundLocked as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Aftalen er gemt."))
            return redirect("budgetfollowup:agreement_detail", pk=agreement.pk)
    return render(request, "form.html", {"form": form, "heading": _("Ret %(title)s") % {"title": agreement.title}})


def section_create(request, pk):
    require_perm(request.user, "budgetfollowup.manage_agreements")
    agreement = get_object_or_404(BudgetAgreement.objects.for_user(request.user), pk=pk)
    form = SectionForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        section = form.save()
        messages.success(request, _("Afsnittet “%(section)s” er gemt.") % {"section": section})
        return redirect("budgetfollowup:agreement_detail", pk=agreement.pk)
    return render(request, "form.html", {"form": form, "heading": _("Nyt afsnit")})


def initiative_edit(request, pk, initiative_pk=None):
    require_perm(request.user, "budgetfollowup.manage_agreements")
    agreement = get_object_or_404(BudgetAgreement.objects.for_user(request.user), pk=pk)
    instance = None
    if initiative_pk:
        instance = get_object_or_404(Initiative.objects.for_user(request.user), pk=initiative_pk,
                                     section__agreement=agreement)
    section = None
    if not instance and not agreement.sections.exists():
        messages.info(request, _("Aftalen har ingen afsnit endnu. En indsats hører til et afsnit: opret først et "
                                 "afsnit, så kan du oprette indsatser i det."))
        return redirect("budgetfollowup:section_create", pk=agreement.pk)
    if not instance and request.GET.get("afsnit", "").isdecimal():
        section = agreement.sections.filter(pk=request.GET["afsnit"]).first()
    # After "Gem og opret næste": the previous initiative's centre and committee (the form checks they exist).
    carried = {field: request.GET[key] for key, field in (("center", "responsible_center"),
                                                          ("udvalg", "responsible_committee"))
               if not instance and request.GET.get(key, "").isdecimal()}
    form = InitiativeForm(request.POST or None, instance=instance, agreement=agreement, section=section,
                          carried=carried)
    if request.method == "POST" and form.is_valid():
        initiative = form.save(commit=False)
        try:
            services.initiative_save(initiative=initiative, districts=form.cleaned_data["districts"],
                                     amounts=form.cleaned_data["amounts"], milestone_texts=form.milestone_texts(),
                                     seen_version=form.cleaned_data["version"], user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, _(
                "Intet er gemt: %(who)s har gemt indsatsen, mens du arbejdede. Titlen er nu “%(title)s”. Se den "
                "nuværende indsats i et andet vindue, ret dine ændringer til, og gem igen."), title=stale.current.title)
        except services.RoundLocked as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Indsatsen %(n)s er gemt.") % {"n": initiative.number})
            if not instance and "next" in request.POST:
                url = reverse("budgetfollowup:initiative_create", args=[agreement.pk])
                carry = urlencode({"afsnit": initiative.section_id, "center": initiative.responsible_center_id or "",
                                   "udvalg": initiative.responsible_committee_id or ""})
                return redirect(f"{url}?{carry}")
            return redirect("budgetfollowup:agreement_detail", pk=agreement.pk)
    heading = _("Ret indsats %(n)s") % {"n": instance.number} if instance else _("Ny indsats")
    return render(request, "budgetfollowup/initiative_form.html", {
        "form": form, "heading": heading, "creating": instance is None, "agreement": agreement})


def initiative_detail(request, pk):
    """An initiative's milestones and smileys across the year's rounds, and the history of every change."""
    require_perm(request.user, "budgetfollowup.manage_agreements")
    initiative = get_object_or_404(
        Initiative.objects.for_user(request.user).select_related(
            "section__agreement", "responsible_center", "responsible_committee"), pk=pk)
    return render(request, "budgetfollowup/initiative_detail.html", {
        "initiative": initiative, "amounts": list(initiative.amounts.all()),
        "rounds": selectors.initiative_rounds(initiative), "changes": selectors.initiative_changes(initiative)})


def economy_edit(request, pk, initiative_pk):
    round_ = _round_for(request, pk)
    require_perm(request.user, "budgetfollowup.edit_round", round_)
    economy = get_object_or_404(EconomyStatus.objects.for_user(request.user).select_related("initiative"), round=round_,
                                initiative_id=initiative_pk)
    initial = {"text": economy.text, "corrected_budget": economy.corrected_budget,
               "approval_reference": economy.approval_reference, "version": economy.version}
    form = EconomyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("text", "corrected_budget", "approval_reference")}
        try:
            services.round_save_grid(round=round_, user=request.user, changes=[services.CellChange(
                initiative_id=economy.initiative_id, milestone_version=0,
                economy_version=form.cleaned_data["version"], economy=values)])
        except StaleEdit as stale:
            refuse_stale(form, stale, _("Intet er gemt: %(who)s har ændret økonomien, mens du arbejdede. Den nye "
                                        "tekst er: %(text)s"), text=stale.current.text or "–")
        else:
            messages.success(request, _("Økonomien for %(n)s er gemt.") % {"n": economy.initiative.number})
            return redirect("budgetfollowup:round_grid", pk=round_.pk)
    heading = _("Økonomi for %(n)s, %(round)s") % {"n": economy.initiative, "round": round_.name}
    return render(request, "form.html", {"form": form, "heading": heading})


# --- Spreadsheets and data out ----------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _agreement_file(agreement, name, fmt):
    if fmt == "csv":
        return _download(spreadsheets.agreement_csv(agreement), f"{name}.csv", CSV)
    return _download(spreadsheets.agreement_workbook(agreement), f"{name}.xlsx", XLSX)


def agreement_export(request, pk, fmt):
    """The whole agreement as the import template: sections, initiatives, amounts and milestones."""
    require_perm(request.user, "budgetfollowup.manage_agreements")
    agreement = get_object_or_404(BudgetAgreement.objects.for_user(request.user).select_related("committee"), pk=pk)
    return _agreement_file(agreement, f"budgetaftale-{agreement.year}-{agreement.pk}", fmt)


def import_template(request, fmt):
    """The template, filled in with the newest agreement as the example (empty if there is none)."""
    require_perm(request.user, "budgetfollowup.manage_agreements")
    agreement = BudgetAgreement.objects.select_related("committee").first()
    return _agreement_file(agreement, "skabelon-budgetaftale", fmt)


def round_export(request, pk, fmt):
    round_ = _round_for(request, pk)
    name = f"opfoelgning-{round_.agreement.year}-{round_.number}"
    if fmt == "xlsx":
        return _download(spreadsheets.round_workbook(round_), f"{name}.xlsx", XLSX)
    return _download(spreadsheets.round_csv(round_).encode("utf-8"), f"{name}.csv", CSV)


def agreement_json(request, pk):
    """Read-only data for the municipality's data warehouse, with the same permissions as the pages: the rounds
    the user may see, with their milestones and smileys."""
    agreement = get_object_or_404(BudgetAgreement.objects.for_user(request.user).select_related("committee"), pk=pk)
    require_perm(request.user, "budgetfollowup.view_agreement_list")
    rounds = list(FollowUpRound.objects.for_user(request.user).filter(agreement=agreement))
    with translation.override(settings.LANGUAGE_CODE):  # the warehouse reads the same words whoever asked
        return JsonResponse(json_export.agreement_data(agreement, rounds), json_dumps_params={"ensure_ascii": False})


def round_json(request, pk):
    round_ = _round_for(request, pk)
    with translation.override(settings.LANGUAGE_CODE):
        return JsonResponse(json_export.round_data(round_), json_dumps_params={"ensure_ascii": False})
