"""The demo's capacity forecast, made up (and said so on the page): a forecast for the demo's five districts from
this year for six years, an earlier one from last year (so the page can check a forecast against what happened),
one planned expansion, and a deficit in one district (Distrikt Vest, 0-2 years) from the third year until the
expansion opens. `seed_demo` also sends the forecast's PDF to Børne- og Skoleudvalget (send_forecast_pdf).

The children are made up from the houses' places, so that the forecast children times the coverage rates computed
from the demo's enrolment fill the districts' places to about nine in ten; Vest's youngest grow faster."""

import datetime
import logging

from django.contrib.auth import get_user_model

from dagtilbud.documents import workflow as documents
from districts.models import Committee, District, Institution

from . import forecast as f
from .forecast_services import forecast_create, forecast_pdf_send
from .models import ForecastReport, PlannedChange, PopulationForecast

log = logging.getLogger(__name__)

GROWING = "Distrikt Vest"
# Children 0-2 in the growing district, relative to the first year: a deficit from the third year on.
GROWTH = [1.00, 1.04, 1.12, 1.14, 1.15, 1.15]
EXPANSION = ("Børnehuset Jonstrup", f.NURSERY, 14)  # from 1 August of the fourth year
COMMITTEE = "Børne- og Skoleudvalget"  # the committee the demo's PDF is sent to (udvalg's)


def _places():
    """District name -> (places for 0-2, places for 3-5) from the organisation's recorded places."""
    out = {}
    for house in Institution.objects.select_related("district"):
        young, old = out.get(house.district.name, (0, 0))
        if house.kind == Institution.Kind.FAMILY_DAYCARE:
            young += house.places
        else:
            young, old = young + house.places // 3, old + house.places - house.places // 3
        out[house.district.name] = (young, old)
    return out


def figures_for(first_year, *, earlier=False):
    """(district name, age, year) -> children for six years from `first_year`."""
    out = {}
    for n, (name, (young, old)) in enumerate(sorted(_places().items())):
        for offset in range(6):
            year = first_year + offset
            growth = GROWTH[offset] if name == GROWING and not earlier else 1 + 0.005 * offset * (n % 3 - 1)
            for age in f.AGES:
                base = young / 3 / 0.78 if age < 3 else old / 3 / 0.98
                wiggle = 1 + 0.01 * ((age + n) % 3 - 1)
                out[(name, age, year)] = round(base * (growth if age < 3 else 1) * wiggle * (1.03 if earlier else 1))
    return out


def sample_figures():
    """The import's sample: the current forecast's figures where there is one, else made-up figures from this
    year."""
    current = PopulationForecast.objects.current()
    if current is not None:
        return {(name, age, year): n for name, age, year, n in current.figures.values_list(
            "district__name", "age", "year", "children")}
    return figures_for(datetime.date.today().year)


def load_forecast(today=None):
    """Idempotent: nothing is added when a forecast exists."""
    if PopulationForecast.objects.exists():
        return
    today = today or datetime.date.today()
    ids = dict(District.objects.values_list("name", "pk"))
    last_year = figures_for(today.year - 1, earlier=True)
    forecast_create(figures={(ids[d], a, y): n for (d, a, y), n in last_year.items()},
                    name=f"Befolkningsprognose {today.year - 1}-{today.year + 4} (demo)",
                    source="Opdigtede tal til demoen", user=None, made_on=datetime.date(today.year - 1, 3, 1),
                    made_up=True, current=False)
    this_year = figures_for(today.year)
    forecast_create(figures={(ids[d], a, y): n for (d, a, y), n in this_year.items()},
                    name=f"Befolkningsprognose {today.year}-{today.year + 5} (demo)",
                    source="Opdigtede tal til demoen", user=None,
                    made_on=min(datetime.date(today.year, 3, 1), today), made_up=True)
    house, care, places = EXPANSION
    institution = Institution.objects.filter(name=house).first()
    if institution is not None:
        PlannedChange.objects.create(
            kind=PlannedChange.Kind.OPEN, district=institution.district, institution=institution, care_type=care,
            places=places, effective_from=datetime.date(today.year + 3, 8, 1),
            note="Ny vuggestuegruppe i tilbygningen (demo).")


def send_forecast_pdf():
    """The current forecast's PDF with the computed rates, sent by the administrator to Børne- og Skoleudvalget, so
    that the committee's member finds it on the report list from the first run. Only a ready version can be sent,
    and the worker starts after the demo is loaded: so it is rendered here, once (a couple of seconds). Idempotent:
    nothing when the forecast has a PDF."""
    forecast = PopulationForecast.objects.current()
    committee = Committee.objects.filter(name=COMMITTEE).first()
    if forecast is None or committee is None or ForecastReport.objects.filter(forecast=forecast).exists():
        return
    admin = get_user_model().objects.filter(username="admin").first()
    report = ForecastReport.objects.create(forecast=forecast, version=1, requested_by=admin)
    try:
        report = documents.render(ForecastReport, report.pk)
    except Exception as error:  # the demo goes on; the version shows as failed, with "Prøv igen"
        log.exception("The demo's forecast PDF could not be rendered")
        documents.fail(ForecastReport, report.pk, error)
        return
    forecast_pdf_send(report=report, committee=committee, user=admin)
