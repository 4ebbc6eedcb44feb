"""Learning plans for generated institutions, for the benchmark (bulk inserts; idempotent per institution).

Each house gets a plan and, most of them, one to three published evaluations two years apart (the ten sections with
the demo's texts) and the newest one's PDF (the stored file given, shared: the benchmark reads pages, not PDFs);
some have an evaluation under way, a few have never evaluated. The rows bypass history (bulk inserts), as in
districts/generate.py."""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from .demo import PLAN_TEXT, TEXTS
from .models import EvaluationPart, EvaluationPDF, LearningPlan, PlanEvaluation, Section

FILE_NAME = "genereret-evaluering.pdf"


def generate_learning_plans(institutions, *, today, pdf_file=None, seed=5):
    """For each institution without a plan. `pdf_file` (PDF bytes), if given, is stored once and every house's
    newest published evaluation has a ready PDF pointing at it. Returns the number of evaluations made."""
    rng = random.Random(seed)
    have = set(LearningPlan.objects.filter(institution__in=institutions).values_list("institution_id", flat=True))
    houses = [house for house in institutions if house.pk not in have]
    if not houses:
        return 0
    plans, evaluations, open_ones = [], [], []
    for house in houses:
        never = rng.random() < 0.08
        count = 0 if never else rng.choice([1, 2, 2, 3])
        # Days since the newest evaluation was published: most within two years, some overdue.
        newest = rng.randrange(20, 820)
        plan_date = today - datetime.timedelta(days=newest + 90 + 730 * max(count - 1, 0)) if count else \
            today - datetime.timedelta(days=rng.randrange(30, 300))
        plans.append(LearningPlan(institution=house, plan_date=plan_date,
                                  text=PLAN_TEXT.format(house=house.name)))
        for n in range(count):
            evaluations.append(PlanEvaluation(
                institution=house, state=PlanEvaluation.State.PUBLISHED,
                published_on=today - datetime.timedelta(days=newest + 730 * n),
                sent_at=timezone.now(), version=3))
        if rng.random() < 0.15:
            open_ones.append(PlanEvaluation(
                institution=house, state=rng.choice([PlanEvaluation.State.DRAFT, PlanEvaluation.State.SENT]),
                version=2))
    LearningPlan.objects.bulk_create(plans, batch_size=1000)
    plan_of = dict(LearningPlan.objects.filter(institution__in=houses).values_list("institution_id", "pk"))
    for evaluation in evaluations + open_ones:
        evaluation.plan_id = plan_of[evaluation.institution_id]
    made = PlanEvaluation.objects.bulk_create(evaluations + open_ones, batch_size=1000)
    EvaluationPart.objects.bulk_create([
        EvaluationPart(evaluation=evaluation, section=section, did=did, saw=saw, change=change)
        for evaluation in made for section, (did, saw, change) in ((s, TEXTS[s]) for s in Section)],
        batch_size=2000)
    if pdf_file is not None:
        newest = {}
        for evaluation in made:
            if evaluation.is_published and (evaluation.institution_id not in newest
                                            or evaluation.published_on > newest[evaluation.institution_id]
                                            .published_on):
                newest[evaluation.institution_id] = evaluation
        stored = EvaluationPDF(evaluation=next(iter(newest.values())))
        stored.file.save(FILE_NAME, ContentFile(pdf_file), save=False)
        EvaluationPDF.objects.bulk_create([
            EvaluationPDF(evaluation=evaluation, version=1, state=EvaluationPDF.State.READY, file=stored.file.name,
                          size=len(pdf_file), pages=1, seconds=0.0, finished_at=timezone.now())
            for evaluation in newest.values()], batch_size=1000)
    return len(made)
