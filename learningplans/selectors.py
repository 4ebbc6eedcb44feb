"""How the learning plan pages read their data: each house's current plan, latest published evaluation, open
evaluation and due date in one query however many houses there are; the roll-up per district counted from those
rows."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from districts.models import Institution

from . import due as due_
from .models import ASPECTS, Attachment, EvaluationPDF, LearningPlan, PlanEvaluation, Section


@dataclass
class HouseRow:
    institution: object
    due: due_.Due
    plan_id: int | None
    last_evaluation_id: int | None
    open_id: int | None
    open_state: str | None

    @property
    def open_state_label(self):
        return PlanEvaluation.State(self.open_state).label if self.open_state else ""


def house_rows(institutions, *, today):
    """One row per house, ordered by district and name. Queries: 1 (the houses with their district, their newest
    plan, newest published evaluation and open evaluation as subqueries)."""
    published = PlanEvaluation.objects.published().filter(institution=OuterRef("pk")).order_by("-published_on", "-pk")
    plans = LearningPlan.objects.filter(institution=OuterRef("pk")).order_by("-plan_date", "-pk")
    opened = PlanEvaluation.objects.open().filter(institution=OuterRef("pk")).order_by("-pk")
    houses = institutions.select_related("district").annotate(
        last_published=Subquery(published.values("published_on")[:1]),
        last_evaluation_id=Subquery(published.values("pk")[:1]),
        plan_date=Subquery(plans.values("plan_date")[:1]),
        plan_id=Subquery(plans.values("pk")[:1]),
        open_id=Subquery(opened.values("pk")[:1]),
        open_state=Subquery(opened.values("state")[:1]),
    ).order_by("district__name", "name")
    return [HouseRow(house, due_.due(last_published=house.last_published, plan_date=house.plan_date, today=today),
                     house.plan_id, house.last_evaluation_id, house.open_id, house.open_state) for house in houses]


@dataclass
class Rollup:
    label: str
    district: object = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(due_.STATES, 0))

    @property
    def houses(self):
        return sum(self.counts.values())

    def add(self, state):
        self.counts[state] += 1

    def ordered(self):
        return [(state, due_.LABELS[state], self.counts[state]) for state in due_.STATES]


def rollup(rows, *, municipality):
    """The total and one line per district: houses current, due soon, overdue, never evaluated."""
    total = Rollup(str(municipality) if municipality else "")
    lines = {}
    for row in rows:
        district = row.institution.district
        line = lines.setdefault(district.pk, Rollup(district.name, district))
        line.add(row.due.state)
        total.add(row.due.state)
    return total, sorted(lines.values(), key=lambda line: line.label)


def needing_attention(rows):
    """Overdue first, then never evaluated, then due soon; by due date within each."""
    order = {due_.OVERDUE: 0, due_.NEVER: 1, due_.DUE_SOON: 2}
    listed = [row for row in rows if row.due.needs_attention or row.due.is_overdue or row.due.is_due_soon]
    return sorted(listed, key=lambda row: (order.get(row.due.state, 3), row.due.due_on is None,
                                           row.due.due_on or row.institution.name, row.institution.name))


@dataclass(frozen=True)
class PartView:
    section: str
    title: str
    answers: list  # (label, text)


def parts_of(evaluation):
    """The evaluation's sections in the learning plan's order, each with its three answers. Queries: 1."""
    by_section = {part.section: part for part in evaluation.parts.all()}
    views = []
    for section in Section:
        part = by_section.get(section.value)
        views.append(PartView(section.value, section.label,
                              [(label, getattr(part, aspect) if part else "") for aspect, label, _h in ASPECTS]))
    return views


def evaluation_page(evaluation):
    """What the evaluation's page and its PDF show. Queries: 3."""
    return {
        "evaluation": evaluation,
        "parts": parts_of(evaluation),
        "attachments": list(Attachment.objects.filter(evaluation=evaluation).select_related("uploaded_by")),
        "plan": evaluation.plan,
    }


def house_history(institution):
    """The house's plans and its evaluations, newest first. Queries: 2."""
    return {
        "plans": list(LearningPlan.objects.filter(institution=institution)),
        "evaluations": list(PlanEvaluation.objects.filter(institution=institution)),
    }


def latest_ready_pdf(evaluation):
    return EvaluationPDF.objects.filter(evaluation=evaluation, state=EvaluationPDF.State.READY).order_by(
        "-version").first()


def waiting_for_approval(institutions):
    return list(PlanEvaluation.objects.filter(institution__in=institutions, state=PlanEvaluation.State.SENT)
                .select_related("institution").order_by("sent_at"))


def panel(institutions, *, today):
    """A dashboard's panel: the houses needing attention, the evaluations waiting for approval and those being
    written. Queries: 3."""
    rows = house_rows(institutions, today=today)
    return {"attention": needing_attention(rows), "waiting": waiting_for_approval(institutions),
            "drafts": list(PlanEvaluation.objects.filter(institution__in=institutions,
                                                         state__in=PlanEvaluation.EDITABLE)
                           .select_related("institution").order_by("institution__name"))}


def status_of(institution, *, today):
    """One house's evaluation status (a due.Due): what supervision checks. Queries: 1."""
    return house_rows(Institution.objects.filter(pk=institution.pk), today=today)[0].due
