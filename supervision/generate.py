"""Supervision history for generated institutions, for the benchmark: three years of pedagogical visits each, with
assessments, and an order at every fourth (bulk inserts; idempotent per institution)."""

import datetime
import random

from districts.models import Institution

from .demo import load_configuration
from .models import Assessment, Order, QualityDimension, QualityLevel, SupervisionVisit
from .services import schedule_refresh


def generate_supervision(institutions, *, today, seed=4):
    load_configuration()
    rng = random.Random(seed)
    levels = list(QualityLevel.objects.all())
    dimensions = list(QualityDimension.objects.filter(active=True))
    have = set(SupervisionVisit.objects.filter(institution__in=institutions).values_list("institution_id",
                                                                                          flat=True))
    visits = []
    for institution in institutions:
        if institution.pk in have:
            continue
        for years_ago in range(3):
            visits.append(SupervisionVisit(
                institution=institution, supervisor="Genereret tilsynsførende", state="completed",
                visit_date=today - datetime.timedelta(days=365 * years_ago + rng.randint(10, 300)),
                findings="Genereret fund. " * 20))
    visits = SupervisionVisit.objects.bulk_create(visits, batch_size=2000)
    Assessment.objects.bulk_create([
        Assessment(visit=visit, dimension=dimension, level=rng.choice(levels), note="Genereret begrundelse.")
        for visit in visits for dimension in dimensions], batch_size=5000)
    Order.objects.bulk_create([
        Order(visit=visit, text="Genereret påbud.", due_date=visit.visit_date + datetime.timedelta(days=90),
              closed_on=None if n % 8 == 0 else visit.visit_date + datetime.timedelta(days=60))
        for n, visit in enumerate(visits) if n % 4 == 0], batch_size=2000)
    schedule_refresh(Institution.objects.filter(pk__in=[i.pk for i in institutions]))
    return len(visits)
