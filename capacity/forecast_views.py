"""The capacity forecast's pages under /kapacitet/prognose/: thin views over forecast_selectors (reading) and
forecast_services (writing); every view asks the rules first."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dagtilbud.concurrency import StaleEdit, refuse_stale
from dagtilbud.documents import workflow as documents
from dagtilbud.fragments import lazy
from dagtilbud.permissions import require_perm
from districts.models import District

from . import charts, forecast_demo
from . import forecast_selectors as selectors
from . import forecast_services as services
from . import forecast_spreadsheets as spreadsheets
from .forecast_forms import (
    DistrictCodesForm,
    ForecastForm,
    ForecastSendForm,
    PlannedChangeForm,
    ScenarioForm,
    rate_field,
)
from .models import CareType, CoverageScenario, DistrictCode, ForecastReport, PlannedChange, PopulationForecast
from .views import XLSX, _download

STALE = gettext_lazy("Intet er gemt: %(who)s har gemt en ændring, mens du arbejdede. Se ændringen herunder, og gem "
                     "igen, hvis din stadig skal med.")


def _forecast(request):
    """The forecast asked for (?prognose=), else the current one; None when there is none."""
    forecasts = PopulationForecast.objects.for_user(request.user)
    pk = request.GET.get("prognose", "")
    if pk.isdigit():
        return get_object_or_404(forecasts, pk=pk)
    return forecasts.filter(is_current=True).first() or forecasts.first()


def _versions(request, forecast):
    return documents.versions(
        ForecastReport.objects.for_user(request.user).filter(forecast=forecast).select_related(
            "sending__committee", "sending__sent_by"),
        poll_url=reverse("capacity:forecast_pdfs", args=[forecast.pk]),
        caption=_("Kapacitetsprognosen som PDF"), empty=_("Der er endnu ikke dannet en PDF af prognosen."),
        column=(_("Udvalget"), "capacity/_forecast_sent.html"))


def forecast(request):
    """The forecast with the chosen rates. What it shows is the same for everyone with the same roles: rendered
    once per data revision and cached (dagtilbud.fragments; the key holds the URL, so the forecast and rates asked
    for); the PDF's form and versions below it are the person's own."""
    require_perm(request.user, "capacity.view_forecast")
    chosen = _forecast(request)
    key = request.GET.get("scenarie", "")
    context = {"forecast": chosen, "page": lazy(_forecast_page, request.user, chosen, key)}
    if chosen is not None and request.user.has_perm("capacity.manage_forecast"):
        context["versions"] = _versions(request, chosen)
        scenario = CoverageScenario.objects.filter(pk=key).first() if key.isdigit() else None
        context["pdf_rates"] = selectors.Rates(scenario, {})  # its key and name, as the page's chosen rates
    return render(request, "capacity/forecast.html", context)


def _forecast_page(user, chosen, key):
    context = {"forecasts": list(PopulationForecast.objects.for_user(user))}
    if chosen is not None:
        page = selectors.forecast_page(user, chosen, key)
        context.update(page)
        shown = ([page["total"]] if page["sees_municipality"] else []) + page["districts"]
        context["charts"] = [(table, {**charts.forecast_bars(table, page["years"]), "id": f"forecast-chart-{n}"})
                             for n, table in enumerate(shown, start=1)]
    return context


def forecast_pdfs(request, pk):
    require_perm(request.user, "capacity.manage_forecast")
    chosen = get_object_or_404(PopulationForecast.objects.for_user(request.user), pk=pk)
    return render(request, "components/pdf_versions.html", {"versions": _versions(request, chosen)})


@require_POST
def forecast_pdf_request(request, pk):
    require_perm(request.user, "capacity.manage_forecast")
    chosen = get_object_or_404(PopulationForecast.objects.for_user(request.user), pk=pk)
    key = request.POST.get("scenarie", "")
    scenario = CoverageScenario.objects.for_user(request.user).filter(pk=key).first() if key.isdigit() else None
    report = services.forecast_pdf_request(forecast=chosen, scenario=scenario, user=request.user)
    messages.success(request, _("Kapacitetsprognosen er sat i kø og dannes som PDF af baggrundsprocessen."))
    documents.warn_if_not_queued(request, report)
    query = f"?prognose={chosen.pk}" + (f"&scenarie={scenario.pk}" if scenario else "")
    return redirect(reverse("capacity:forecast") + query + "#pdf")


def forecast_pdf_send(request, pk):
    """GET asks (a page, not the browser's confirm(), with the committee to choose), POST sends the version."""
    require_perm(request.user, "capacity.manage_forecast")
    report = get_object_or_404(ForecastReport.objects.for_user(request.user).select_related(
        "forecast", "scenario", "sending__committee"), pk=pk)
    back = reverse("capacity:forecast") + f"?prognose={report.forecast_id}#pdf"
    try:
        report.check_sendable()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    form = ForecastSendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        committee = form.cleaned_data["committee"]
        try:
            services.forecast_pdf_send(report=report, committee=committee, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Version %(version)d af kapacitetsprognosen er sendt til %(committee)s. "
                                        "Udvalgets medlemmer finder den under Rapporter.") % {
                "version": report.version, "committee": committee.name})
        return redirect(back)
    return render(request, "confirm.html", {
        "heading": _("Send version %(version)d af kapacitetsprognosen til udvalget?") % {"version": report.version},
        "lead": _("%(name)s, med dækningsgraderne “%(rates)s”.") % {
            "name": report.forecast.name, "rates": report.rates_name},
        "consequences": [_("Udvalgets medlemmer kan læse og hente PDF'en under Rapporter, og de får besked om den."),
                         _("En version kan kun sendes én gang, og det kan ikke fortrydes.")],
        "form": form, "button": _("Ja, send til udvalget"), "cancel_url": back,
    })


def forecast_xlsx(request):
    require_perm(request.user, "capacity.view_forecast")
    chosen = _forecast(request)
    if chosen is None:
        messages.info(request, _("Der er ingen befolkningsprognose endnu."))
        return redirect("capacity:forecast")
    page = selectors.forecast_page(request.user, chosen, request.GET.get("scenarie", ""))
    return _download(spreadsheets.forecast_workbook(page), "kapacitetsprognose.xlsx", XLSX)


def forecast_sample(request, layout):
    """The import's sample: the current forecast (or made-up figures) for the municipality's districts."""
    require_perm(request.user, "capacity.manage_forecast")
    figures = forecast_demo.sample_figures()
    name = f"befolkningsprognose-{'bred' if layout == 'wide' else 'lang'}.csv"
    return _download(spreadsheets.sample_csv(figures, layout), name, "text/csv; charset=utf-8")


def forecast_edit(request, pk):
    require_perm(request.user, "capacity.manage_forecast")
    chosen = get_object_or_404(PopulationForecast.objects.for_user(request.user), pk=pk)
    form = ForecastForm(request.POST or None, instance=chosen, initial={"version": chosen.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.forecast_update(forecast=chosen, name=data["name"], made_on=data["made_on"],
                                     source=data["source"], is_current=data["is_current"],
                                     seen_version=data["version"], user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, STALE)
        else:
            messages.success(request, _("Prognosen er gemt."))
            return redirect(reverse("capacity:forecast") + f"?prognose={chosen.pk}")
    return render(request, "capacity/forecast_form.html", {
        "form": form, "title": _("Prognosen: navn, dato og kilde"), "forecast": chosen})


def scenario_edit(request, pk=None):
    """A new scenario starts from the rates computed from the data (or from the scenario named by ?fra=)."""
    require_perm(request.user, "capacity.manage_forecast")
    scenario = get_object_or_404(CoverageScenario.objects.for_user(request.user), pk=pk) if pk else None
    initial = {}
    if scenario is not None:
        initial = {"name": scenario.name, "note": scenario.note, "version": scenario.version}
        values = {(r.age, r.care_type): r.percent for r in scenario.rates.all()}
    else:
        chosen = PopulationForecast.objects.current()
        values = {}
        if chosen is not None:
            data = selectors.basis(chosen)
            sets = selectors.all_rates(data)
            start = next((s for s in sets if s.key == request.GET.get("fra", "")), sets[0])
            values = start.values
            initial["name"] = _("Kopi af %(name)s") % {"name": start.name} if start.scenario else ""
        initial["version"] = 0
    for (age, care), percent in values.items():
        if percent is not None:
            initial[rate_field(age, care)] = str(percent).replace(".", ",")
    form = ScenarioForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.scenario_save(scenario=scenario, name=form.cleaned_data["name"],
                                           note=form.cleaned_data["note"], rates=form.rates,
                                           seen_version=form.cleaned_data["version"], user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, STALE)
        except ValidationError as error:
            _refuse_invalid(form, error)
        else:
            messages.success(request, _("Scenariet er gemt."))
            return redirect(reverse("capacity:forecast") + f"?scenarie={saved.pk}")
    return render(request, "capacity/scenario_form.html", {
        "form": form, "scenario": scenario, "care_types": [c.label for c in CareType]})


def _refuse_invalid(form, error):
    """A model's refusal shown at the field it names, or above the form."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def change_edit(request, pk=None):
    require_perm(request.user, "capacity.manage_forecast")
    change = get_object_or_404(PlannedChange.objects.for_user(request.user), pk=pk) if pk else None
    if change is not None and request.method == "POST" and "delete" in request.POST:
        services.planned_change_delete(change=change, user=request.user)
        messages.success(request, _("Den planlagte ændring er slettet."))
        return redirect(reverse("capacity:forecast") + "#changes")
    form = PlannedChangeForm(request.POST or None, instance=change,
                             initial={"version": change.version if change else 0})
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PlannedChangeForm.Meta.fields}
        try:
            services.planned_change_save(change=change, fields=fields, seen_version=form.cleaned_data["version"],
                                         user=request.user)
        except StaleEdit as stale:
            refuse_stale(form, stale, STALE)
        except ValidationError as error:
            _refuse_invalid(form, error)
        else:
            messages.success(request, _("Den planlagte ændring er gemt."))
            return redirect(reverse("capacity:forecast") + "#changes")
    return render(request, "capacity/change_form.html", {
        "form": form, "change": change, "history": selectors.change_history(change) if change else []})


def district_codes(request):
    require_perm(request.user, "capacity.manage_forecast")
    districts = list(District.objects.for_user(request.user).order_by("name"))
    codes = dict(DistrictCode.objects.for_user(request.user).values_list("district_id", "code"))
    form = DistrictCodesForm(request.POST or None, districts=districts, codes=codes)
    if request.method == "POST" and form.is_valid():
        services.district_codes_save(codes=form.codes, user=request.user)
        messages.success(request, _("Distriktskoderne er gemt."))
        return redirect("capacity:forecast")
    return render(request, "capacity/forecast_form.html", {
        "form": form, "title": _("Distrikternes koder i befolkningsprognosen"),
        "intro": _("En prognose kan nævne et distrikt ved dets navn eller ved koden her (fx planlægningsdistriktets "
                   "nummer).")})
