"""How the forecast page, its PDF and its spreadsheet read their data: a fixed number of queries however many
districts, houses, years and scenarios there are; the arithmetic is capacity/forecast.py."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dagtilbud.history import field_changes
from districts.models import District
from districts.roles import roles_of

from . import forecast as f
from .models import (
    CareType,
    CoverageRate,
    CoverageScenario,
    ForecastFigure,
    ForecastReport,
    MonthlyCapacity,
    PlannedChange,
    PopulationForecast,
    rates_name,
)
from .selectors import months_up_to

YEARS_AHEAD = 5


def row_label(row):
    return {**{c.value: c.label for c in CareType}, "0-2": _("0-2 år i alt"), "3-5": _("3-5 år i alt")}[row]


def districts_for(user):
    """The administration: every district; a district leader their own; a pedagogical leader their houses'."""
    return District.objects.for_user(user).order_by("name")


def planning_years(forecast, today=None):
    """This year and the next five, as far as the forecast reaches."""
    this = (today or datetime.date.today()).year
    return [y for y in range(this, this + YEARS_AHEAD + 1) if forecast.first_year <= y <= forecast.last_year]


@dataclass
class Rates:
    """A set of coverage rates: a saved scenario, or (scenario None) the rates computed from the data."""
    scenario: object
    values: dict  # (age, care) -> Decimal percent, or None where the data gave none

    @property
    def name(self):
        return str(rates_name(self.scenario))

    @property
    def key(self):
        return str(self.scenario.pk) if self.scenario else ""

    def table(self):
        """Rows per age: [(age, [percent per care type])]."""
        return [(age, [self.values.get((age, care)) for care in f.CARE_TYPES]) for age in f.AGES]

    def usable(self):
        return {k: (v or Decimal(0)) for k, v in self.values.items()}


@dataclass
class Basis:
    """What every computation on a forecast shares: population, places, changes, enrolment."""
    forecast: object
    years: list
    all_districts: list
    population: dict
    base_places: dict
    changes: list
    recorded_until: datetime.date
    enrolled: dict  # care -> average enrolled children over the last 12 months recorded
    base_year: int
    places: dict = field(default_factory=dict)


def basis(forecast, today=None):
    """Queries: districts, forecast figures, the newest month's places per house, planned changes, the newest month,
    enrolment of the last 12 months: 6."""
    years = planning_years(forecast, today)
    all_districts = list(District.objects.order_by("name"))
    newest = MonthlyCapacity.objects.filter(institution=OuterRef("institution")).order_by("-month").values("month")[:1]
    recorded = list(MonthlyCapacity.objects.filter(month=Subquery(newest)).values_list(
        "institution_id", "institution__district_id", "age_group", "places", "month"))
    recorded_until = max((r[4] for r in recorded), default=datetime.date.today().replace(day=1))
    base_year = recorded_until.year if forecast.first_year <= recorded_until.year <= forecast.last_year \
        else forecast.first_year
    population = {(d, age, year): n for d, age, year, n in ForecastFigure.objects.filter(
        forecast=forecast, year__in=set(years) | {base_year}).values_list("district_id", "age", "year", "children")}
    base_places = {(house, f.CARE_OF_AGE_GROUP[group]): (district, places)
                   for house, district, group, places, _month in recorded}
    changes = [f.PlannedChange(c.kind, c.district_id, c.institution_id or f"new-{c.pk}", c.care_type or None,
                               c.places or 0, c.effective_from) for c in PlannedChange.objects.all()]
    months = months_up_to(recorded_until)
    enrolled = {}
    for row in MonthlyCapacity.objects.filter(month__in=months).values("age_group").annotate(
            children=Sum("children"), months=Count("month", distinct=True)):
        enrolled[f.CARE_OF_AGE_GROUP[row["age_group"]]] = Decimal(row["children"]) / row["months"]
    result = Basis(forecast, years, all_districts, population, base_places, changes, recorded_until, enrolled,
                   base_year)
    result.places = f.places_by_year(base_places, changes, years, recorded_until)
    return result


def all_rates(data):
    """The computed rates first, then every saved scenario. Queries: 2."""
    computed = Rates(None, f.computed_rates(data.enrolled, data.population, data.base_year,
                                            [d.pk for d in data.all_districts]))
    by_scenario = {}
    for rate in CoverageRate.objects.all():
        by_scenario.setdefault(rate.scenario_id, {})[(rate.age, rate.care_type)] = rate.percent
    return [computed] + [Rates(s, {**{(a, c): Decimal(0) for a in f.AGES for c in f.CARE_TYPES},
                                   **by_scenario.get(s.pk, {})}) for s in CoverageScenario.objects.all()]


@dataclass
class DistrictTable:
    label: str
    obj: object
    rows: list  # [(row key, label, [Cell per year])]
    deficits: list  # sentences


def _deficit_words(cells, years):
    """The band deficits of a district in words: the care types share ages (dagpleje and vuggestue both take 0-2
    years), so a district is short of places when a band is."""
    words = []
    for band, band_label in (("0-2", _("0-2-årige")), ("3-5", _("3-5-årige"))):
        for year in years:
            cell = cells[(band, year)]
            if cell.deficit:
                words.append(ngettext("%(year)d: mangler %(n)d plads til %(who)s.",
                                      "%(year)d: mangler %(n)d pladser til %(who)s.", cell.deficit) % {
                    "year": year, "n": cell.deficit, "who": band_label})
    return words


def tables(data, rates, districts):
    """A table per district in view, and their totals (TOTAL)."""
    keys = [d.pk for d in districts]
    cells = f.compute(districts=keys, years=data.years, population=data.population, rates=rates.usable(),
                      places=data.places)
    out = []
    for district in [*districts, None]:
        key = district.pk if district else f.TOTAL
        own = {(row, year): cells[(key, row, year)] for row in f.ROWS for year in data.years}
        out.append(DistrictTable(
            district.name if district else _("I alt"), district,
            [(row, row_label(row), [own[(row, year)] for year in data.years]) for row in f.ROWS],
            _deficit_words(own, data.years)))
    return out[:-1], out[-1]


def comparison(data, rate_sets, districts):
    """Every set of rates side by side: children expected, places and the balance per year for the districts in
    view together."""
    rows = []
    for rates in rate_sets:
        _tables, total = tables(data, rates, districts)
        needed = [sum(total.rows[f.ROWS.index(band)][2][n].needed for band in f.BANDS) for n in range(len(data.years))]
        places = [sum(total.rows[f.ROWS.index(band)][2][n].places for band in f.BANDS)
                  for n in range(len(data.years))]
        rows.append((rates, [f.Cell(a, b) for a, b in zip(needed, places, strict=True)]))
    return rows


def forecast_against_actual(forecast, rates, districts, today=None):
    """The newest earlier forecast's children in care per district and year against the children actually enrolled
    (the average of the months recorded that year), with the percentage error. Queries: 3."""
    earlier = PopulationForecast.objects.filter(made_on__lt=forecast.made_on).exclude(pk=forecast.pk).order_by(
        "-made_on", "-pk").first()
    if earlier is None:
        return None
    actual = {}
    rows = MonthlyCapacity.objects.filter(institution__district__in=districts,
                                          month__year__gte=earlier.first_year).values(
        "institution__district_id", "month").annotate(children=Sum("children"))
    per_year = {}
    for row in rows:
        if row["month"] > earlier.made_on:
            per_year.setdefault((row["institution__district_id"], row["month"].year), []).append(row["children"])
    actual = {k: Decimal(sum(v)) / len(v) for k, v in per_year.items()}
    years = sorted({year for _d, year in actual if earlier.first_year <= year <= earlier.last_year})
    if not years:
        return None
    population = {(d, age, year): n for d, age, year, n in ForecastFigure.objects.filter(
        forecast=earlier, year__in=years).values_list("district_id", "age", "year", "children")}
    usable = rates.usable()
    lines = []
    for district in districts:
        for year in years:
            if (district.pk, year) not in actual:
                continue
            predicted = sum(f.children_in_care(population, usable, care, district.pk, year) for care in f.CARE_TYPES)
            real = actual[(district.pk, year)]
            lines.append((district, year, f.whole(predicted), f.whole(real), f.percent_error(f.whole(predicted),
                                                                                             f.whole(real))))
    return {"forecast": earlier, "lines": lines}


def forecast_page(user, forecast, rates_key="", today=None):
    """Everything the page shows for `forecast` with the chosen rates (a scenario's pk, or "" for the computed);
    user None: the whole municipality (the committee's PDF)."""
    data = basis(forecast, today)
    districts = data.all_districts if user is None else list(districts_for(user))
    rate_sets = all_rates(data)
    rates = next((r for r in rate_sets if r.key == rates_key), rate_sets[0])
    district_tables, total = tables(data, rates, districts)
    labels = dict(CareType.choices)
    rate_rows = [(_("%(care)s, %(age)d år") % {"care": labels[care], "age": age},
                  [s.values.get((age, care)) for s in rate_sets])
                 for care in f.CARE_TYPES for age in f.CARE_AGES[care]]
    return {
        "forecast": forecast, "data": data, "years": data.years, "rates": rates, "rate_sets": rate_sets,
        "districts": district_tables, "total": total, "rate_rows": rate_rows,
        "has_deficit": any(t.deficits for t in district_tables),
        "sees_municipality": user is None or roles_of(user).is_administrator,
        "comparison": comparison(data, rate_sets, districts),
        "check": forecast_against_actual(forecast, rates, districts, today),
        "changes": list(PlannedChange.objects.select_related("district", "institution").filter(
            district__in=districts)),
        "care_types": [c.label for c in CareType],
    }


def change_history(obj):
    """A planned change's history, newest first: (record, its field changes against the record before)."""
    records = list(obj.history.select_related("history_user").order_by("history_date"))
    pairs = zip([None, *records], records, strict=False)
    return [(record, field_changes(record, previous) if previous else []) for previous, record in pairs][::-1]


def sent_reports(user):
    """The versions of the committee's PDF sent to a committee that the user may read (a committee member: those
    sent to their committees; the administration: all), newest sending first, for the report list."""
    return ForecastReport.objects.for_user(user).filter(sending__isnull=False).select_related(
        "forecast", "scenario", "sending__committee").order_by("-sending__sent_at", "-pk")
