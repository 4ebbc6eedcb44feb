"""How supervision pages read their data: per institution the latest pedagogical visit, the next one due and why,
the planned visit and the open orders, in a fixed number of queries however many institutions there are; the
district and municipality roll-up is counted in the database from the stored schedule."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from districts.models import District
from learningplans import selectors as learning_plans

from . import schedule
from .models import (
    Assessment,
    Order,
    QualityDimension,
    QualityLevel,
    SelfAssessmentQuestion,
    SupervisionSettings,
    SupervisionVisit,
)

RECENT = datetime.timedelta(days=365)


@dataclass
class InstitutionRow:
    institution: object
    last: object | None  # the latest completed pedagogical visit
    next: schedule.NextVisit
    planned: object | None  # the next planned visit of any kind
    open_orders: int = 0
    overdue_orders: int = 0
    status: str = ""  # "overdue", "soon" or "" (see NextVisit.status)


@dataclass
class Rollup:
    label: str
    obj: object = None
    institutions: int = 0
    visited_recently: int = 0  # a completed pedagogical visit within a year
    per_level: dict = field(default_factory=dict)  # level pk -> institutions whose latest visit had it
    never_visited: int = 0
    overdue_visits: int = 0
    due_soon: int = 0
    open_orders: int = 0
    overdue_orders: int = 0

    def add(self, other):
        for name in ("institutions", "visited_recently", "never_visited", "overdue_visits", "due_soon",
                     "open_orders", "overdue_orders"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for pk, n in other.per_level.items():
            self.per_level[pk] = self.per_level.get(pk, 0) + n

    def level_counts(self, levels):
        return [self.per_level.get(level.pk, 0) for level in levels]


def levels():
    return list(QualityLevel.objects.all())


@dataclass(frozen=True)
class Assessed:
    dimension: object
    level: object


def institution_rows(institutions, *, today, levels):
    """One row per institution, ordered by district and name. Queries: 6 (institutions with their latest and
    planned visit, their districts, those visits, the dimensions, the latest visits' assessments, open orders
    counted)."""
    pedagogical = SupervisionVisit.objects.completed().filter(kind=SupervisionVisit.Kind.PEDAGOGICAL)
    latest = pedagogical.filter(institution=OuterRef("pk")).order_by("-visit_date", "-pk").values("pk")[:1]
    upcoming = SupervisionVisit.objects.planned().filter(institution=OuterRef("pk")).order_by(
        "visit_date", "pk").values("pk")[:1]
    houses = list(institutions.annotate(latest_visit=Subquery(latest), planned_visit=Subquery(upcoming)).order_by(
        "district__name", "name"))
    # One District instance per district, shared by its houses (select_related would make one per house).
    districts = District.objects.in_bulk({house.district_id for house in houses})
    for house in houses:
        house.district = districts[house.district_id]
    visit_ids = {h.latest_visit for h in houses} | {h.planned_visit for h in houses}
    visits = SupervisionVisit.objects.only("pk", "institution_id", "visit_date", "kind", "state").in_bulk(
        [pk for pk in visit_ids if pk])
    # Assessments as (visit, dimension, level) ids, joined to the scale and the dimensions in memory: a thousand
    # rows of three integers, not three thousand model instances.
    by_level = {level.pk: level for level in levels}
    dimensions = QualityDimension.objects.in_bulk()
    assessments = {}
    for visit_id, dimension_id, level_id in Assessment.objects.filter(
            visit__in=[h.latest_visit for h in houses if h.latest_visit]).values_list(
            "visit_id", "dimension_id", "level_id").order_by("dimension__position", "dimension__name"):
        assessments.setdefault(visit_id, []).append(Assessed(dimensions[dimension_id], by_level[level_id]))
    orders = {row["visit__institution"]: row for row in Order.objects.open().filter(
        visit__institution__in=[h.pk for h in houses]).values("visit__institution").annotate(
        n=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))}
    rows = []
    for house in houses:
        last = visits.get(house.latest_visit)
        row = InstitutionRow(house, last, schedule.next_visit(last, assessments.get(house.latest_visit, []), levels),
                             visits.get(house.planned_visit))
        row.open_orders = orders.get(house.pk, {}).get("n", 0)
        row.overdue_orders = orders.get(house.pk, {}).get("overdue", 0)
        row.status = row.next.status(today)
        rows.append(row)
    return rows


def needing_attention(institutions, *, today):
    """The houses whose next visit is overdue or due within 90 days (by the stored schedule; none stored: never
    visited, due at once), or that have an open order past its due date."""
    return institutions.filter(
        Q(supervision_schedule__isnull=True) | Q(supervision_schedule__next_date__isnull=True)
        | Q(supervision_schedule__next_date__lte=today + schedule.SOON)
        | Q(pk__in=Order.objects.open().filter(due_date__lt=today).values("visit__institution")))


def by_urgency(institutions):
    """The houses' ids, most urgent first: never visited (no stored schedule: due at once), then by the date the
    next visit is due, then by district and name."""
    return list(institutions.order_by(F("supervision_schedule__next_date").asc(nulls_first=True), "district__name",
                                      "name").values_list("pk", flat=True))


def rollup(institutions, *, today, levels, municipality):
    """The municipality's total (or the part in view) and one line per district, counted in the database from the
    stored schedule (models.Schedule) and the open orders. Queries: 3, however many institutions."""
    scheduled = "supervision_schedule__"
    per_level = {f"level_{level.pk}": Count("pk", filter=Q(**{f"{scheduled}level": level})) for level in levels}
    counts = institutions.order_by().values("district_id").annotate(
        institutions=Count("pk"),
        visited_recently=Count("pk", filter=Q(**{f"{scheduled}basis__visit_date__gte": today - RECENT})),
        never_visited=Count("pk", filter=Q(**{f"{scheduled}level__isnull": True})),
        # No stored schedule: never visited, due at once.
        overdue_visits=Count("pk", filter=Q(**{f"{scheduled}next_date__isnull": True})
                             | Q(**{f"{scheduled}next_date__lt": today})),
        due_soon=Count("pk", filter=Q(**{f"{scheduled}next_date__gte": today,
                                         f"{scheduled}next_date__lte": today + schedule.SOON})),
        **per_level)
    orders = {row["visit__institution__district_id"]: row for row in Order.objects.open().filter(
        visit__institution__in=institutions.order_by().values("pk")).values(
        "visit__institution__district_id").annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))}
    districts = District.objects.in_bulk([row["district_id"] for row in counts])
    total = Rollup(str(municipality) if municipality else "")
    lines = []
    for row in counts:
        district = districts[row["district_id"]]
        line = Rollup(district.name, district, institutions=row["institutions"],
                      visited_recently=row["visited_recently"], never_visited=row["never_visited"],
                      overdue_visits=row["overdue_visits"], due_soon=row["due_soon"],
                      per_level={level.pk: row[f"level_{level.pk}"] for level in levels},
                      open_orders=orders.get(district.pk, {}).get("n", 0),
                      overdue_orders=orders.get(district.pk, {}).get("overdue", 0))
        total.add(line)
        lines.append(line)
    return total, sorted(lines, key=lambda line: line.label)


def visit_page(visit):
    """What the supervision report shows, and for a completed pedagogical visit the next visit its assessment calls
    for under the rule, and whether the house's learning plan evaluation is current (supervision checks it).
    Queries: 7."""
    assessments = list(visit.assessments.select_related("dimension", "level"))
    answers = list(visit.self_assessment.select_related("question", "answered_by"))
    answered = {a.question_id for a in answers if a.answer.strip()}
    open_questions = SelfAssessmentQuestion.objects.filter(active=True).exclude(pk__in=answered)
    following = None
    if visit.is_completed and visit.is_pedagogical:
        following = schedule.next_visit(visit, assessments, levels())
    return {
        "visit": visit,
        # Supervision checks that the house's learning plan is evaluated and published (the day-care act).
        "learning_plan": learning_plans.status_of(visit.institution, today=timezone.localdate()),
        "assessments": assessments,
        "following": following,
        "orders": list(visit.orders.prefetch_related("follow_ups__author")),
        "answers": answers,
        # Every question in use answered: the leader is asked to correct it, no longer to answer it.
        "self_assessment_done": bool(answers) and not open_questions.exists(),
    }


def institution_visits(institution):
    return list(SupervisionVisit.objects.filter(institution=institution).prefetch_related(
        "assessments__level").annotate(open_orders=Count("orders", filter=Q(orders__closed_on__isnull=True))))


def settings_fingerprint():
    """A checksum of the whole configuration (scale, rule, dimensions, questions): the settings page carries the
    one it was loaded with, and a save based on an older one is refused instead of overwriting a colleague."""
    parts = [list(QualityLevel.objects.values_list("pk", "name", "rank", "interval_months", "follow_up_months")),
             list(QualityDimension.objects.values_list("pk", "name", "description", "position", "active")),
             list(SelfAssessmentQuestion.objects.values_list("pk", "text", "position", "active")),
             list(SupervisionSettings.objects.values_list("pk", "unit"))]
    return hashlib.sha256(repr(parts).encode()).hexdigest()
