"""How follow-up pages read their data: a fixed number of queries however many initiatives an agreement has."""

from dataclasses import dataclass

from django.db.models import Prefetch

from dagtilbud import formatting

from .models import EconomyStatus, Initiative, Milestone


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

    @property
    def deviation(self):
        return self.economy.deviation(self.set_aside)


def round_rows(round):
    """Every initiative of the round's agreement with all its milestones and this and the previous round's economy.

    Queries: initiatives (with section, centre, committee), their milestones, their economy rows, their amounts.
    """
    agreement = round.agreement
    rounds = {r.pk: r for r in agreement.rounds.all()}
    initiatives = list(
        Initiative.objects.filter(section__agreement=agreement)
        .select_related("section", "responsible_center", "responsible_committee")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("round__number")),
            Prefetch("economy", queryset=EconomyStatus.objects.filter(round__number__in=[round.number,
                                                                                         round.number - 1])),
            "amounts",
        )
    )
    rows = []
    for initiative in initiatives:
        milestones = list(initiative.milestones.all())
        for m in milestones:
            m.round = rounds[m.round_id]
        by_number = {m.round.number: m for m in milestones}
        economy = {rounds[e.round_id].number: e for e in initiative.economy.all()}
        amounts = {a.year: a.amount for a in initiative.amounts.all()}
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
            )
        )
    return rows


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
