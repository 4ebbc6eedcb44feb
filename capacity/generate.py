"""A year of capacity for generated institutions, for the benchmark (bulk inserts; idempotent per institution)."""

import random

from .demo import KINDERGARTEN, NURSERY
from .models import AgeGroup, MonthlyCapacity
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


