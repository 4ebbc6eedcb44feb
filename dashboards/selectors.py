"""What the dashboards show, read in a fixed number of queries whether the municipality has 5 districts or 50 and
14 initiatives or 400. Everything is read through the apps' own models and scoped by the caller's `for_user`
querysets; nothing here decides who may see what."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum

from budgetfollowup.models import EconomyStatus, FollowUpRound, Milestone
from dagtilbud.smileys import ECONOMY, MILESTONE
from districts.models import Institution, Municipality, Role
from evaluations.models import SOON, Action, Assessment, Goal, StatusUpdate


def span_limit():
    municipality = Municipality.objects.current()
    return municipality.span_of_control_limit if municipality else 2


# --- Organisation -----------------------------------------------------------------------------------------------

@dataclass
class LeaderSpan:
    user: object
    houses: list  # institutions led in the district
    is_flagged: bool = False  # more houses than the administration's limit

    @property
    def places(self):
        return sum(house.places for house in self.houses)


@dataclass
class Organisation:
    institutions: list
    spans: list  # widest first

    @property
    def places(self):
        return sum(i.places for i in self.institutions)


def district_organisation(district, *, limit):
    """The district's institutions and its pedagogical leaders with the houses each leads. Queries: 2."""
    institutions = list(Institution.objects.filter(district=district).order_by("name"))
    spans = {}
    for role in Role.objects.filter(kind=Role.Kind.PEDAGOGICAL_LEADER, institution__district=district).select_related(
            "user", "institution").order_by("user__first_name", "user__last_name"):
        spans.setdefault(role.user_id, LeaderSpan(role.user, [])).houses.append(role.institution)
    for span in spans.values():
        span.is_flagged = len(span.houses) > limit
    return Organisation(institutions, sorted(spans.values(), key=lambda s: -len(s.houses)))


@dataclass
class DistrictFigures:
    district: object
    institutions: int = 0
    places: int = 0
    leaders: int = 0
    widest_span: int = 0
    flagged_leaders: int = 0
    open_actions: int = 0
    overdue_actions: int = 0


def districts_side_by_side(districts, *, limit, today):
    """The same measures for every district. Queries: 3, however many districts."""
    figures = {d.pk: DistrictFigures(d) for d in districts}
    for row in Institution.objects.filter(district__in=figures).values("district").annotate(
            n=Count("pk"), places=Sum("places")):
        figures[row["district"]].institutions, figures[row["district"]].places = row["n"], row["places"] or 0
    houses = Counter()
    for user_id, district_id in Role.objects.filter(
            kind=Role.Kind.PEDAGOGICAL_LEADER, institution__district__in=figures).values_list(
            "user_id", "institution__district_id"):
        houses[district_id, user_id] += 1
    for (district_id, _user), n in houses.items():
        f = figures[district_id]
        f.leaders += 1
        f.widest_span = max(f.widest_span, n)
        f.flagged_leaders += n > limit
    open_states = [Action.State.NOT_STARTED, Action.State.UNDER_WAY]
    for row in Action.objects.filter(owner_district__in=figures).values("owner_district").annotate(
            open=Count("pk", filter=Q(state__in=open_states)),
            overdue=Count("pk", filter=Q(state__in=open_states, due_date__lt=today))):
        f = figures[row["owner_district"]]
        f.open_actions, f.overdue_actions = row["open"], row["overdue"]
    return list(figures.values())


# --- Evaluation actions -----------------------------------------------------------------------------------------

@dataclass
class ActionGroups:
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    expiring: list = field(default_factory=list)
    other: list = field(default_factory=list)  # open, with no date that needs attention now
    open: list = field(default_factory=list)


def closed_actions(actions, state):
    """The finished actions in one state ("done", "dropped" or "closed" for both), for the filterable list; the
    open ones are listed in `district_actions`' groups, so that no action stands twice on the dashboard. Queries: 1."""
    states = {"done": [Action.State.DONE], "dropped": [Action.State.DROPPED]}.get(
        state, [Action.State.DONE, Action.State.DROPPED])
    return list(actions.filter(state__in=states).select_related("evaluation").order_by("due_date", "pk"))


def district_actions(actions, *, today):
    """The open actions a district owns, sorted into what needs attention first. Queries: 1."""
    groups = ActionGroups()
    for action in actions.filter(state__in=[Action.State.NOT_STARTED, Action.State.UNDER_WAY]).select_related(
            "evaluation", "recommendation").order_by(F("due_date").asc(nulls_last=True), "pk"):
        groups.open.append(action)
        # Each action in the first group that applies, so none is listed twice; its other dates stand beside it.
        if action.due_date and action.due_date < today:
            groups.overdue.append(action)
        elif action.due_date and action.due_date <= today + SOON:
            groups.due_soon.append(action)
        elif action.expires_on and today <= action.expires_on <= today + SOON:
            groups.expiring.append(action)
        else:
            groups.other.append(action)
    return groups


def goal_statuses(evaluations):
    """Each goal of these evaluations with its latest status (`latest`, None before the first), in order.
    Queries: 2 (the goals, their latest statuses)."""
    goals = list(Goal.objects.filter(evaluation__in=evaluations).select_related("evaluation").order_by(
        "evaluation__title", "evaluation_id", "number"))
    newest = StatusUpdate.objects.filter(goal=OuterRef("goal_id")).order_by("-as_of", "-pk").values("pk")[:1]
    latest = {s.goal_id: s for s in StatusUpdate.objects.filter(goal__in=goals, pk=Subquery(newest))}
    for goal in goals:
        goal.latest = latest.get(goal.pk)
    return goals


GOAL_URGENCY = {Assessment.ATTENTION: 0, None: 1, Assessment.UNDER_WAY: 2, Assessment.POSITIVE: 3}


def goals_needing_attention_first(goals, *, limit=None):
    """The goals whose latest status asks for attention first, then those with none yet, then the others; the first
    `limit` of them (all when None), with how many there are."""
    ordered = sorted(goals, key=lambda goal: GOAL_URGENCY.get(goal.latest.assessment if goal.latest else None, 1))
    return {"shown": ordered[:limit] if limit else ordered, "total": len(ordered)}


# --- Budget initiatives -----------------------------------------------------------------------------------------

@dataclass
class InitiativeTrack:
    """An initiative's smileys round by round (None where the round has none or is not visible)."""

    initiative: object
    milestones: list  # per round: Milestone or None
    economy: list  # per round: EconomyStatus or None

    @property
    def pairs(self):
        return list(zip(self.milestones, self.economy, strict=False))

    @property
    def latest_milestone(self):
        return next((m for m in reversed(self.milestones) if m and m.smiley), None)

    @property
    def latest_economy(self):
        return next((e for e in reversed(self.economy) if e and e.smiley), None)

    @property
    def is_red(self):
        return any(x and x.smiley == "red" for x in (self.latest_milestone, self.latest_economy))


ROUNDS_A_YEAR = 4


def initiative_tracks(initiatives, rounds):
    """Each initiative with its smileys in the given rounds (of one year, maybe of several agreements), a column per
    round number, red ones first. Queries: 3."""
    round_ids = [r.pk for r in rounds]
    position = {r.pk: r.number - 1 for r in rounds}
    tracks = []
    for initiative in initiatives.select_related("section__agreement").prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.filter(round_id__in=round_ids)),
            Prefetch("economy", queryset=EconomyStatus.objects.filter(round_id__in=round_ids))):
        milestones, economy = [None] * ROUNDS_A_YEAR, [None] * ROUNDS_A_YEAR
        for m in initiative.milestones.all():
            milestones[position[m.round_id]] = m
        for e in initiative.economy.all():
            economy[position[e.round_id]] = e
        tracks.append(InitiativeTrack(initiative, milestones, economy))
    tracks.sort(key=lambda t: not t.is_red)  # stable: the agreement's order within red and the rest
    return tracks


@dataclass
class RoundCount:
    round: object
    milestone: dict  # smiley -> count ("none": a milestone without a smiley yet)
    economy: dict


def smiley_counts(tracks, rounds):
    """How many of each smiley per round of one agreement, for the chart and its table."""
    counts = []
    for round_ in rounds:
        n = round_.number - 1
        milestone = Counter(t.milestones[n].smiley or "none" for t in tracks
                            if t.milestones[n] and t.milestones[n].text)
        economy = Counter(t.economy[n].smiley or "none" for t in tracks if t.economy[n])
        counts.append(RoundCount(round_, {k: milestone.get(k, 0) for k in [*map(str, MILESTONE), "none"]},
                                 {k: economy.get(k, 0) for k in [*map(str, ECONOMY), "none"]}))
    return counts


def ending_soon(initiatives, *, today):
    """Initiatives whose end date (sunset clause) falls before the second coming follow-up round. Queries: 2."""
    coming = list(FollowUpRound.objects.filter(date__gte=today).order_by("date").values_list("date", flat=True)[:2])
    horizon = coming[-1] if coming else today + timedelta(days=182)
    return list(initiatives.filter(end_date__gte=today, end_date__lte=horizon).select_related(
        "section__agreement").order_by("end_date"))


# --- Changes since the last visit -------------------------------------------------------------------------------

@dataclass
class Changes:
    statuses: list
    actions: list  # historical records of the district's actions changed by others
    rounds: list  # rounds published

    def __bool__(self):
        return bool(self.statuses or self.actions or self.rounds)


def changes_since(since, *, user, district_ids, rounds):
    """What others changed since `since` that concerns these districts. Queries: 3."""
    if since is None:
        return Changes([], [], [])
    statuses = list(StatusUpdate.objects.filter(created_at__gt=since).exclude(author=user).select_related(
        "goal", "recommendation", "author").order_by("-created_at")[:20])
    actions = list(Action.history.filter(owner_district_id__in=district_ids, history_date__gt=since).exclude(
        history_user=user).select_related("history_user").order_by("-history_date")[:20])
    published = list(rounds.filter(published_at__gt=since).select_related("agreement").order_by("-published_at"))
    return Changes(statuses, actions, published)

