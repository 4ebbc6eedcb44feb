"""How follow-up pages read their data: a fixed number of queries however many initiatives an agreement has."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from dagtilbud import formatting
from dagtilbud.history import field_changes

from .models import EconomyStatus, FollowUpRound, Initiative, InitiativeAmount, Milestone, spending_deviation


@dataclass
class InitiativeRow:
    initiative: Initiative
    milestones: list  # one per round, in round order
    milestone: Milestone  # this round's
    economy: EconomyStatus  # this round's
    previous_milestone: Milestone | None
    previous_economy: EconomyStatus | None
    set_aside: object  # amount for the agreement's year, or None
    amounts_text: str  # "1 mio. kr. årligt i 2019-2022"
    economy_by_round: dict = field(default_factory=dict)  # round number -> EconomyStatus, every round
    budget_change: EconomyStatus | None = None  # the row with the changed budget in force (round_report sets it)

    @property
    def deviation(self):
        """(kr., percent) against the budget in force (an earlier round's approved change stays in force)."""
        return spending_deviation(self.economy.expected_spending, budget_in_force(self, self.economy.round.number))


def round_rows(round, *, every_round=True):
    """Every initiative of the round's agreement with its milestones and economy rows: every round's, or with
    `every_round=False` (the grid, which shows the round beside the one before) only this round's and the previous.

    Queries: the agreement's rounds, initiatives (with section, centre, committee), their milestones, their economy
    rows, their amounts.
    """
    return _rounds_and_rows(round, every_round=every_round)[1]


def _rounds_and_rows(round, *, every_round=True):
    agreement = round.agreement
    rounds = {r.pk: r for r in agreement.rounds.all()}
    milestones, economy = Milestone.objects.order_by("round__number"), EconomyStatus.objects.all()
    if not every_round:
        neighbours = [pk for pk, r in rounds.items() if r.number in (round.number - 1, round.number)]
        milestones = milestones.filter(round_id__in=neighbours)
        # and any earlier round's approved change of budget, which stays in force (budget_in_force)
        economy = economy.filter(Q(round_id__in=neighbours) | Q(corrected_budget__isnull=False,
                                                                round__number__lt=round.number))
    initiatives = list(
        Initiative.objects.filter(section__agreement=agreement)
        .select_related("section", "responsible_center", "responsible_committee")
    )
    # Their milestones, economy rows and amounts into plain lists, grouped here: prefetch_related's bookkeeping per
    # object was a fifth of the grid's reading (profiled 2026-12-08; a related manager's prefetch, a third).
    by_pk = {initiative.pk: initiative for initiative in initiatives}
    for initiative in initiatives:
        initiative.round_milestones, initiative.round_economy, initiative.amount_list = [], [], []
    for queryset, attr in ((milestones, "round_milestones"), (economy, "round_economy"),
                           (InitiativeAmount.objects.all(), "amount_list")):
        for item in queryset.filter(initiative_id__in=by_pk):
            initiative = item.initiative = by_pk[item.initiative_id]
            getattr(initiative, attr).append(item)
    rows = []
    for initiative in initiatives:
        milestones = initiative.round_milestones
        for m in milestones:
            m.round = rounds[m.round_id]
        by_number = {m.round.number: m for m in milestones}
        economy = {}
        for e in initiative.round_economy:
            e.round = rounds[e.round_id]
            economy[e.round.number] = e
        amounts = {a.year: a.amount for a in initiative.amount_list}
        initiative.amounts_by_year = amounts
        rows.append(
            InitiativeRow(
                initiative=initiative,
                milestones=milestones,
                milestone=by_number[round.number],
                economy=economy[round.number],
                previous_milestone=by_number.get(round.number - 1),
                previous_economy=economy.get(round.number - 1),
                set_aside=amounts.get(agreement.year),
                amounts_text=formatting.amounts_per_year(amounts),
                economy_by_round=economy,
            )
        )
    return sorted(rounds.values(), key=lambda r: r.number), rows


def sections_with_rows(rows):
    """[(section, [rows])] in the agreement's order."""
    grouped = []
    for row in rows:
        if not grouped or grouped[-1][0].pk != row.initiative.section_id:
            grouped.append((row.initiative.section, []))
        grouped[-1][1].append(row)
    return grouped


def missing_smileys(rows):
    """What an administrator should know before publishing: the initiatives with a milestone this round but no
    milestone smiley, and those without an economy smiley."""
    return {"milestone": [r.initiative for r in rows if r.milestone.text and not r.milestone.smiley],
            "economy": [r.initiative for r in rows if not r.economy.smiley]}


# The economy as municipalities report it -----------------------------------------------------------------------

@dataclass
class EconomyLine:
    """One line of the economy table: an initiative, a section's total or the agreement's.

    The deviation is expected spending less the corrected budget (a positive one is merforbrug, a negative one
    mindreforbrug), and its percentage is of the corrected budget's size, so a saving (a negative budget) that is
    not achieved is also a positive merforbrug. Once any line has an expected spending, a total adds up only the lines
    that have one (`reported` of `lines`) in every column, as a table cannot know the rest's deviation.
    """

    label: str
    set_aside: Decimal | None = None  # oprindeligt budget
    corrected: Decimal | None = None  # korrigeret budget: the approved changed budget, else the one set aside
    expected: Decimal | None = None  # forventet regnskab
    deviation: Decimal | None = None
    budget_reported: Decimal | None = None  # the corrected budget of the lines that have an expected spending
    initiative: Initiative | None = None
    corrected_changed: bool = False
    lines: int = 1
    reported: int = 0

    @property
    def percent(self):
        deviation = spending_deviation(self.expected, self.budget_reported)
        return deviation[1] if deviation else None

    @property
    def direction(self):
        """"Merforbrug", "Mindreforbrug", "Ingen afvigelse" or "" (no expected spending)."""
        if self.deviation is None:
            return ""
        if self.deviation > 0:
            return _("Merforbrug")
        if self.deviation < 0:
            return _("Mindreforbrug")
        return _("Ingen afvigelse")

    @property
    def is_total(self):
        return self.initiative is None

    @property
    def partly_reported(self):
        return self.is_total and 0 < self.reported < self.lines


def _add(a, b):
    if b is None:
        return a
    return b if a is None else a + b


def approved_change(row, number):
    """The economy row that holds the changed budget in force at round `number`: the latest at or before it, as a
    budget the council changed stays changed for the rest of the year; None if it was never changed."""
    for n in range(number, 0, -1):
        economy = row.economy_by_round.get(n)
        if economy is not None and economy.corrected_budget is not None:
            return economy
    return None


def budget_in_force(row, number):
    """The budget round `number` measures against: the approved changed budget in force, else the one set aside.
    The grid's warning, the deviations and the economy table all read it from here."""
    change = approved_change(row, number)
    return change.corrected_budget if change is not None else row.set_aside


def economy_line(row):
    economy = row.economy
    change = approved_change(row, economy.round.number)
    corrected = budget_in_force(row, economy.round.number)
    expected = economy.expected_spending
    deviation = spending_deviation(expected, corrected or 0)
    deviation = deviation[0] if deviation else None
    return EconomyLine(
        label=f"{row.initiative.number}. {row.initiative.title}", set_aside=row.set_aside, corrected=corrected,
        expected=expected, deviation=deviation, budget_reported=corrected if expected is not None else None,
        initiative=row.initiative, corrected_changed=change is not None,
        reported=int(expected is not None))


def economy_total(label, lines):
    """A total over the same lines in every column: once some lines have an expected spending, only those (the
    others have no deviation to add up), so that expected less corrected is the deviation shown; the line then
    says for how many (`partly_reported`)."""
    total = EconomyLine(label=label, lines=len(lines))
    reported = [line for line in lines if line.reported]
    for line in reported or lines:
        total.set_aside = _add(total.set_aside, line.set_aside)
        total.corrected = _add(total.corrected, line.corrected)
        total.expected = _add(total.expected, line.expected)
        total.deviation = _add(total.deviation, line.deviation)
        total.budget_reported = _add(total.budget_reported, line.budget_reported)
        total.reported += line.reported
    return total


def _has_economy(line):
    return any(v is not None and v != 0 for v in (line.set_aside, line.corrected, line.expected))


@dataclass
class EconomyOverview:
    sections: list  # [(section, [EconomyLine], total EconomyLine)]
    total: EconomyLine
    without: list  # initiatives with no money set aside, corrected or expected

    @property
    def has_expected(self):
        return self.total.reported > 0


def economy_overview(rows):
    """Per section its initiatives with money and the section's total, and the agreement's total. No queries."""
    sections = []
    every = []
    without = []
    for section, section_rows in sections_with_rows(rows):
        lines = []
        for row in section_rows:
            line = economy_line(row)
            if _has_economy(line):
                lines.append(line)
            else:
                without.append(row.initiative)
        if lines:
            sections.append((section, lines, economy_total(_("%(section)s i alt") % {"section": section}, lines)))
            every.extend(lines)
    return EconomyOverview(sections=sections, total=economy_total(_("Aftalen i alt"), every), without=without)


# What changed since the last published round ---------------------------------------------------------------------

RANK = {"green": 0, "yellow": 1, "red": 2}


@dataclass
class SmileyChange:
    initiative: Initiative
    scale: str  # "milestone" or "economy"
    before: str  # "" when this round gives the first smiley
    now: str

    @property
    def is_first(self):
        return not self.before

    @property
    def step(self):
        """+2 green to red ... -2 red to green: how much worse it got; 0 for a first smiley."""
        return 0 if self.is_first else RANK[self.now] - RANK[self.before]

    @property
    def what(self):
        return _("Milepæl") if self.scale == "milestone" else _("Økonomi")


@dataclass
class BudgetChange:
    initiative: Initiative
    before: Decimal | None  # the budget the previous round measured against
    now: Decimal
    approval_reference: str
    is_new: bool  # the previous round had no corrected budget


@dataclass
class Changes:
    previous: FollowUpRound
    smileys: list  # SmileyChange, the worst first: green to red, one step worse, first smileys (red first), better
    first_reds: list  # initiatives red in this round and never red in an earlier published round
    budgets: list  # BudgetChange

    @property
    def worse(self):
        return [c for c in self.smileys if c.step > 0]

    @property
    def better(self):
        return [c for c in self.smileys if c.step < 0]

    @property
    def first(self):
        return [c for c in self.smileys if c.is_first]

    @property
    def any(self):
        return bool(self.smileys or self.first_reds or self.budgets)


def changes_since_previous(round, rounds, rows):
    """What moved between the latest published round before this one and this one; None for a first round (or one
    with no published round before it). No queries: everything is in `rows` (see round_rows)."""
    earlier = [r for r in rounds if r.number < round.number and r.is_published]
    if not earlier:
        return None
    previous = earlier[-1]
    smileys, first_reds, budgets = [], [], []
    for row in rows:
        by_number = {m.round.number: m for m in row.milestones}
        pairs = (("milestone", by_number.get(previous.number), by_number.get(round.number)),
                 ("economy", row.economy_by_round.get(previous.number), row.economy_by_round.get(round.number)))
        for scale, before, now in pairs:
            # A first smiley (none before, say yellow now) is news too.
            if now and now.smiley and (before.smiley if before else "") != now.smiley:
                smileys.append(SmileyChange(row.initiative, scale, before.smiley if before else "", now.smiley))
        red_now = (by_number.get(round.number) and by_number[round.number].smiley == "red") or (
            row.economy.smiley == "red")
        red_before = any(
            (by_number.get(r.number) and by_number[r.number].smiley == "red")
            or (row.economy_by_round.get(r.number) and row.economy_by_round[r.number].smiley == "red")
            for r in earlier)
        if red_now and not red_before:
            first_reds.append(row.initiative)
        change_now, change_before = approved_change(row, round.number), approved_change(row, previous.number)
        before_budget = budget_in_force(row, previous.number)
        if change_now is not None and change_now.corrected_budget != before_budget:
            budgets.append(BudgetChange(row.initiative, before_budget, change_now.corrected_budget,
                                        change_now.approval_reference, is_new=change_before is None))
    # Worst news first; within the same step, the agreement's order (rows come in it, and sort is stable).
    smileys.sort(key=lambda c: (-c.step, c.now != "red") if not c.is_first else (0, -RANK[c.now]))
    return Changes(previous=previous, smileys=smileys, first_reds=first_reds, budgets=budgets)


def round_report(round):
    """Everything a round's page and its PDF show, in a fixed number of queries (those of round_rows)."""
    rounds, rows = _rounds_and_rows(round)
    for row in rows:
        row.budget_change = approved_change(row, round.number)
    return {
        "rows": rows,
        "sections": sections_with_rows(rows),
        "economy": economy_overview(rows),
        "changes": changes_since_previous(round, rounds, rows),
    }


@dataclass
class AmountsTable:
    """An agreement's amounts per year: one column per year any initiative has an amount in."""

    years: list
    sections: list  # (section, [(initiative, [amount or None per year])], [total per year])
    totals: list  # per year, the whole agreement


def agreement_amounts(agreement):
    """Queries: the sections, their initiatives, the initiatives' amounts."""
    sections = list(agreement.sections.prefetch_related(
        Prefetch("initiatives", queryset=Initiative.objects.prefetch_related("amounts"))))
    years = sorted({a.year for s in sections for i in s.initiatives.all() for a in i.amounts.all()})
    table = []
    for section in sections:
        rows = []
        for initiative in section.initiatives.all():
            by_year = {a.year: a.amount for a in initiative.amounts.all()}
            rows.append((initiative, [by_year.get(year) for year in years]))
        totals = [sum((amounts[i] or 0 for _initiative, amounts in rows), Decimal(0)) for i in range(len(years))]
        table.append((section, rows, totals))
    totals = [sum((section_totals[i] for _s, _r, section_totals in table), Decimal(0)) for i in range(len(years))]
    return AmountsTable(years=years, sections=table, totals=totals)


def initiative_rounds(initiative):
    """(milestone, economy or None) per round of the initiative's year, in round order."""
    milestones = list(initiative.milestones.select_related("round").order_by("round__number"))
    economy = {e.round_id: e for e in initiative.economy.all()}
    return [(m, economy.get(m.round_id)) for m in milestones]


def initiative_changes(initiative):
    """Every change to the initiative's milestones and economy, newest first: (history record, field change)."""
    history = sorted(
        [*Milestone.history.filter(initiative_id=initiative.pk).select_related("history_user", "round"),
         *EconomyStatus.history.filter(initiative_id=initiative.pk).select_related("history_user", "round")],
        key=lambda h: h.history_date, reverse=True,
    )
    return [(record, change) for record in history if (previous := record.prev_record) is not None
            for change in field_changes(record, previous)]
