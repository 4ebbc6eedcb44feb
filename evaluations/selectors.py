"""How evaluation pages read their data: a fixed number of queries however many goals, statuses and actions."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from dagtilbud.history import field_changes

from .models import Action, Recommendation, StatusUpdate


@dataclass
class GoalView:
    goal: object
    statuses: list  # oldest first: the timeline
    recommendations: list = field(default_factory=list)

    @property
    def latest(self):
        return self.statuses[-1] if self.statuses else None


@dataclass
class EvaluationPage:
    goals: list  # GoalView, in order
    other_recommendations: list  # serving no goal
    other_actions: list  # following from no recommendation


def evaluation_page(evaluation):
    """The evaluation's goals, each with its status timeline and its recommendations (with their latest status
    and actions), and the recommendations that serve no goal.

    Queries: goals with statuses (2), recommendations with goals, districts, statuses and actions (5), the
    actions that follow from no recommendation (1).
    """
    goals = list(evaluation.goals.prefetch_related(
        Prefetch("status_updates", queryset=StatusUpdate.objects.select_related("author"))))
    recommendations = list(evaluation.recommendations.prefetch_related(
        "goals", "districts",
        Prefetch("status_updates", queryset=StatusUpdate.objects.select_related("author")),
        Prefetch("actions", queryset=Action.objects.select_related("owner_district")),
    ))
    views = {g.pk: GoalView(goal=g, statuses=list(g.status_updates.all())) for g in goals}
    unattached = []
    for recommendation in recommendations:
        recommendation.district_ids = [d.pk for d in recommendation.districts.all()]
        statuses = list(recommendation.status_updates.all())
        recommendation.latest = statuses[-1] if statuses else None
        served = [views[g.pk] for g in recommendation.goals.all()]
        for view in served:
            view.recommendations.append(recommendation)
        # A recommendation serving several goals is shown under each, but its anchors (`#recommendation-<pk>`,
        # `#action-<pk>`) are under the first only, so that a link lands in one place and ids stay unique.
        recommendation.anchor_goal_pk = min(served, key=lambda v: v.goal.number).goal.pk if served else None
        if not served:
            unattached.append(recommendation)
    other_actions = list(evaluation.actions.filter(recommendation__isnull=True).select_related("owner_district"))
    return EvaluationPage(goals=list(views.values()), other_recommendations=unattached, other_actions=other_actions)


def potentials(evaluation):
    """The “Potentiale for fortsat udvikling” points with their actions, for the status report."""
    return list(evaluation.recommendations.filter(kind=Recommendation.Kind.POTENTIAL).prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner_district"))))


@dataclass
class ActionChange:
    record: object  # the historical record: who and when
    changes: list  # FieldChange; empty for the creation and for a note alone
    note: str


def action_history(action):
    """The action's changes, newest first, each with the note its author gave. Two queries (the history with its
    users); each record is compared with the one before it in the list, not through prev_record (a query each)."""
    records = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        changes = field_changes(record, previous) if previous is not None and record.history_type == "~" else []
        entries.append(ActionChange(record, changes, record.history_change_reason or ""))
    return entries[::-1]
