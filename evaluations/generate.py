"""Evaluations for a large municipality (benchmarks): each with goals, a status a year, potentials and an action per
district. Texts are the demo evaluation's. Idempotent by title; bulk inserts bypass history (see
districts/generate.py)."""

import datetime
import random

from django.db import transaction

from . import demo
from .models import Action, Assessment, Evaluation, Goal, Recommendation, StatusUpdate

TITLE = "Genereret evaluering"


@transaction.atomic
def generate_evaluations(*, count=30, districts=(), years=range(2020, 2025), seed=1):
    if Evaluation.objects.filter(title__startswith=TITLE).exists():
        return
    rng = random.Random(seed)
    districts = list(districts)
    evaluations = Evaluation.objects.bulk_create([
        Evaluation(title=f"{TITLE} {n}", carried_out_by="Epinion", period="2021-2022",
                   commissioned_by="Kommunen", conclusion=demo.CONCLUSION) for n in range(1, count + 1)])
    evaluations = list(Evaluation.objects.filter(title__startswith=TITLE))
    goals = Goal.objects.bulk_create([Goal(evaluation=e, number=n, text=text)
                                      for e in evaluations for n, (text, _a, _s) in enumerate(demo.GOALS, start=1)])
    goals = list(Goal.objects.filter(evaluation__in=evaluations))
    StatusUpdate.objects.bulk_create([
        StatusUpdate(goal=g, as_of=datetime.date(year, 8, 31), assessment=rng.choice(list(Assessment)),
                     text=demo.GOALS[(g.number - 1) % len(demo.GOALS)][2]) for g in goals for year in years])
    today = datetime.date.today()
    for evaluation in evaluations:
        for text in demo.POTENTIALS:
            potential = Recommendation.objects.create(evaluation=evaluation, kind=Recommendation.Kind.POTENTIAL,
                                                      text=text)
            Action.objects.bulk_create([
                Action(evaluation=evaluation, recommendation=potential, text=text, owner_district=d,
                       due_date=today + datetime.timedelta(days=rng.randrange(-60, 200)),
                       state=rng.choice(["not_started", "under_way", "done"])) for d in districts[:5]])
