"""A year of capacity for generated institutions and a forecast for every district, for the benchmark (bulk
inserts; idempotent)."""

import datetime
import random

from districts.models import District

from . import forecast_demo
from .demo import KINDERGARTEN, NURSERY
from .forecast_services import forecast_create
from .models import AgeGroup, MonthlyCapacity, PopulationForecast
from .selectors import months_up_to


def generate_capacity(institutions, *, last_month, seed=3):
    """Twelve months up to `last_month` for each institution that has none yet."""
    rng = random.Random(seed)
    months = months_up_to(last_month)
    have = set(MonthlyCapacity.objects.filter(institution__in=institutions).values_list("institution_id", flat=True))
    rows = []
    for institution in institutions:
        if institution.pk in have:
            continue
        places = institution.places or 60
        level = rng.uniform(0.8, 1.08)
        for group, share, rhythm in ((AgeGroup.NURSERY, places // 3, NURSERY),
                                     (AgeGroup.KINDERGARTEN, places - places // 3, KINDERGARTEN)):
            rows += [MonthlyCapacity(institution=institution, age_group=group, month=month, places=share,
                                     children=round(share * level * rhythm[month.month - 1]))
                     for month in months]
    MonthlyCapacity.objects.bulk_create(rows, batch_size=2000)
    return len(rows)




FORECAST = "Genereret befolkningsprognose"


def generate_forecast(*, today, years=5):
    """A current population forecast over `years` years from this year for every district (its children made up
    from the districts' places, as the demo's are), and an earlier one from last year that the page checks against
    the year of capacity recorded. Idempotent: recognised by its name. The figures are bulk inserts
    (forecast_services.forecast_create)."""
    if PopulationForecast.objects.filter(name__startswith=FORECAST).exists():
        return PopulationForecast.objects.get(name__startswith=FORECAST, is_current=True)
    ids = dict(District.objects.values_list("name", "pk"))
    # The earlier one is the newest before the current one (the demo's forecasts are older), so that the check
    # against what happened covers every district; made half a year ago, it has months recorded after it.
    newest = PopulationForecast.objects.order_by("-made_on").values_list("made_on", flat=True).first()
    earlier_on = max(today - datetime.timedelta(days=180), newest + datetime.timedelta(days=1) if newest else today)
    made = None
    for first_year, made_on in ((today.year - 1, min(earlier_on, today - datetime.timedelta(days=1))),
                                (today.year, today)):
        figures = {(ids[d], a, y): n
                   for (d, a, y), n in forecast_demo.figures_for(first_year, earlier=made_on < today).items()
                   if y < first_year + years}
        made = forecast_create(figures=figures, name=f"{FORECAST} {first_year}-{first_year + years - 1}",
                               source="Genereret til benchmark", user=None, made_on=made_on, made_up=True,
                               current=made_on == today)
    return made
