"""The workflows that change the capacity forecast: a forecast made from an import, its name and whether it is
current, coverage scenarios, planned changes to places, district codes, the committee's PDF and its sending to the
committee. Views and the import call these; each is one transaction and writes history."""

import datetime

from django.db import transaction

from dagtilbud.concurrency import versioned_save
from dagtilbud.documents import workflow as documents

from .models import (
    CoverageRate,
    CoverageScenario,
    DistrictCode,
    ForecastFigure,
    ForecastReport,
    ForecastSending,
    PlannedChange,
    PopulationForecast,
)


@transaction.atomic
def forecast_create(*, figures, name, source, user, source_file=None, made_on=None, made_up=False, current=True):
    """A new forecast from `figures` ((district pk, age, year) -> children), made the current one unless
    `current` is False (earlier forecasts are kept)."""
    years = {year for _d, _a, year in figures}
    if current:
        _clear_current(user)
    forecast = PopulationForecast(name=name, source=source, made_on=made_on or datetime.date.today(),
                                  is_current=current, made_up=made_up, first_year=min(years), last_year=max(years),
                                  created_by=user, source_file=source_file)
    forecast._history_user = user
    forecast.full_clean(validate_constraints=False)
    forecast.save()
    ForecastFigure.objects.bulk_create(
        [ForecastFigure(forecast=forecast, district_id=district, age=age, year=year, children=children)
         for (district, age, year), children in figures.items()], batch_size=2000)
    return forecast


def _clear_current(user):
    for previous in PopulationForecast.objects.select_for_update().filter(is_current=True):
        previous.is_current = False
        previous.version += 1
        previous._history_user = user
        previous.save(update_fields=["is_current", "version"])


@transaction.atomic
def forecast_update(*, forecast, name, made_on, source, is_current, seen_version, user):
    """Name, date, source and whether it is the current one; StaleEdit if someone saved it meanwhile. A forecast
    stops being current only when another becomes it (there is always one, once there is any)."""
    forecast = PopulationForecast.objects.get(pk=forecast.pk)
    forecast.name, forecast.made_on, forecast.source = name, made_on, source
    becomes_current = is_current and not forecast.is_current
    if becomes_current:
        # The previous current one first, inside the same transaction: the database allows one at a time.
        others = PopulationForecast.objects.filter(is_current=True).exclude(pk=forecast.pk)
        if others.exists():
            _clear_current(user)
        forecast.is_current = True
    return versioned_save(forecast, user=user, seen_version=seen_version, validate_unique=False)


@transaction.atomic
def scenario_save(*, scenario, name, note, rates, seen_version, user):
    """Create (scenario None) or change a scenario: its name, note and rates ((age, care type) -> percent)."""
    scenario = CoverageScenario(created_by=user) if scenario is None else CoverageScenario.objects.get(pk=scenario.pk)
    scenario.name, scenario.note = name, note
    versioned_save(scenario, user=user, seen_version=seen_version)
    existing = {(r.age, r.care_type): r for r in scenario.rates.all()}
    for (age, care), percent in rates.items():
        rate = existing.get((age, care)) or CoverageRate(scenario=scenario, age=age, care_type=care)
        if rate.pk and rate.percent == percent:
            continue
        rate.percent = percent
        rate._history_user = user
        rate.full_clean(validate_constraints=False)
        rate.save()
    return scenario


@transaction.atomic
def scenario_delete(*, scenario, user):
    scenario._history_user = user
    scenario.delete()


@transaction.atomic
def planned_change_save(*, change, fields, seen_version, user):
    """Create (change None) or edit a planned change to places; StaleEdit if someone saved it meanwhile."""
    change = PlannedChange(created_by=user) if change is None else PlannedChange.objects.get(pk=change.pk)
    for name, value in fields.items():
        setattr(change, name, value)
    if change.kind == PlannedChange.Kind.CLOSE:
        change.places = None
    if change.institution_id:
        change.new_name = ""
    return versioned_save(change, user=user, seen_version=seen_version)


@transaction.atomic
def planned_change_delete(*, change, user):
    change._history_user = user
    change.delete()


@transaction.atomic
def district_codes_save(*, codes, user):
    """`codes` maps district -> code ("" removes it). Codes are unique: the caller's form checks, the database
    holds it."""
    existing = {c.district_id: c for c in DistrictCode.objects.select_for_update()}
    # Removed first, so that two districts may swap codes in one save.
    for district, code in codes.items():
        current = existing.get(district.pk)
        if current and current.code != code:
            current._history_user = user
            current.delete()
            existing.pop(district.pk)
    for district, code in codes.items():
        if code and district.pk not in existing:
            record = DistrictCode(district=district, code=code)
            record._history_user = user
            record.save()


def forecast_pdf_request(*, forecast, scenario, user):
    """The committee's PDF of `forecast` with `scenario`'s rates (None: the computed ones), rendered by a worker."""
    return documents.request(ForecastReport, owner=forecast, user=user, scenario=scenario)


@transaction.atomic
def forecast_pdf_send(*, report, committee, user):
    """Send a ready version of the committee's PDF to `committee`: its members read it on the report list, and hear
    of it (notifications.sources.forecasts_sent). A version is sent once; anything else is refused with a Danish
    ValidationError (ForecastReport.check_sendable). The version's row is locked, so two administrators sending it at
    the same moment send it once."""
    report = ForecastReport.objects.select_for_update().get(pk=report.pk)
    sending = ForecastSending(report=report, committee=committee, sent_by=user)
    sending.full_clean(validate_unique=False)  # the refusal in words; the one-to-one key holds it in the database
    sending._history_user = user
    sending.save()
    return sending
