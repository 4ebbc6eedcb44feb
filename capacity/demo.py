"""A year of capacity for the demo's institutions: places per age group, and enrolled children month by month with
the year's rhythm (the nursery fills up through the spring, the kindergarten empties when the oldest start school
in August). Most houses sit between the limits; one is over-full and one half-empty, so the flags show."""

import datetime
import random

from districts.models import Institution

from .models import AgeGroup, MonthlyCapacity
from .selectors import add_months, months_up_to
from .services import update_institution_places

# Relative enrolment through the year, January first: the nursery grows until summer, the kindergarten drops in
# August when the oldest start school.
NURSERY = [0.93, 0.94, 0.95, 0.96, 0.98, 1.00, 1.00, 0.93, 0.94, 0.95, 0.96, 0.96]
KINDERGARTEN = [0.97, 0.97, 0.98, 0.99, 1.00, 1.00, 1.00, 0.92, 0.93, 0.94, 0.95, 0.96]


def load_capacity(today=None):
    """Idempotent: a month already recorded is left as it is."""
    today = today or datetime.date.today()
    months = months_up_to(add_months(today.replace(day=1), -1))
    rng = random.Random(2)
    for n, institution in enumerate(Institution.objects.order_by("district__name", "name")):
        level = 1.08 if n == 0 else 0.66 if n == 3 else rng.uniform(0.94, 1.01)
        if institution.kind == Institution.Kind.FAMILY_DAYCARE:
            groups = {AgeGroup.FAMILY_DAYCARE: (max(institution.places, 20), NURSERY)}
        else:
            places = institution.places or 60
            groups = {AgeGroup.NURSERY: (places // 3, NURSERY), AgeGroup.KINDERGARTEN: (places - places // 3,
                                                                                      KINDERGARTEN)}
        existing = set(MonthlyCapacity.objects.filter(institution=institution).values_list("age_group", "month"))
        new = [
            MonthlyCapacity(institution=institution, age_group=group, month=month, places=places,
                            children=round(places * level * rhythm[month.month - 1] * rng.uniform(0.98, 1.02)))
            for group, (places, rhythm) in groups.items() for month in months if (group, month) not in existing]
        MonthlyCapacity.objects.bulk_create(new)
        update_institution_places(institution, None)
