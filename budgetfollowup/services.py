"""The workflows that change follow-up data. Views, commands and tasks call these; nothing else changes it.

Each is one transaction and leaves its trace in history (django-simple-history records who, when, before, after).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dagtilbud.concurrency import CHECKED, StaleEdit, check_version, stale, versioned_save
from dagtilbud.documents import workflow as documents

from .models import BudgetAgreement, EconomyStatus, FollowUpRound, Initiative, InitiativeAmount, Milestone, Report


class RoundLocked(Exception):
    """A published round is read-only until it is reopened with a reason."""


def _default_round_dates(year):
    return [datetime.date(year, 3, 31), datetime.date(year, 6, 30), datetime.date(year, 9, 30),
            datetime.date(year, 12, 31)]


@transaction.atomic
def agreement_create(*, title, year, committee, case_number="", reading_guide=None, economy_guide=None,
                     round_dates=None):
    """An agreement is born with its four follow-up rounds: 1., 2., 3. budgetopfølgning and 31 December."""
    agreement = BudgetAgreement(title=title, year=year, committee=committee, case_number=case_number)
    if reading_guide:
        agreement.reading_guide = reading_guide
    if economy_guide is not None:
        agreement.economy_guide = economy_guide
    agreement.full_clean()
    agreement.save()
    for number, date in enumerate(round_dates or _default_round_dates(year), start=1):
        FollowUpRound.objects.create(agreement=agreement, number=number, date=date)
    return agreement


@transaction.atomic
def agreement_update(*, agreement, values, round_dates, seen_revision, user=None):
    """Change an agreement's details (`values`: model field -> value) and its rounds' dates ({round number: date}).

    `seen_revision` is the agreement's revision the user's form was loaded with. Every change to what the agreement
    shows moves it (its details here, an initiative, an import), so a save based on an older one, or on none, is
    refused with StaleEdit; the row is locked while checked, so two saves cannot both pass. What a published round
    printed cannot change: its date, and the budget year its name carries (RoundLocked).
    """
    current = BudgetAgreement.objects.select_for_update().get(pk=agreement.pk)
    if seen_revision is None or current.revision != seen_revision:
        raise stale(current)
    rounds = {r.number: r for r in current.rounds.select_for_update()}
    if "year" in values and values["year"] != current.year and any(r.is_published for r in rounds.values()):
        raise RoundLocked(_("Budgetåret kan ikke ændres, når en opfølgning er offentliggjort."))
    for number, date in round_dates.items():
        round_ = rounds[number]
        if round_.date == date:
            continue
        if round_.is_published:
            raise RoundLocked(_("%(round)s er offentliggjort: datoen kan ikke ændres.") % {"round": round_.name})
        round_.date = date
        round_._history_user = user
        round_.save(update_fields=["date"])
    for name, value in values.items():
        setattr(current, name, value)
    current.revision += 1
    current.full_clean()
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def initiative_save(*, initiative, districts=(), amounts=None, milestone_texts=None,
                    seen_version=CHECKED, user=None):
    """Save an initiative with its amounts per year and its milestone text per round (1-4; "" for none; a round
    left out of `milestone_texts` keeps its text, as a published round must).

    `seen_version` is the version the user's form was loaded with: an edit of an existing initiative based on an
    older one, or on none (None), is refused with StaleEdit. The row is locked while checked, so two saves cannot
    both pass. Only the import, which checks the agreement's revision against what its preview showed, leaves it
    out.
    """
    versioned_save(initiative, user=user, seen_version=seen_version)
    BudgetAgreement.objects.filter(pk=initiative.section.agreement_id).update(revision=F("revision") + 1)
    initiative.districts.set(districts)
    if amounts is not None:
        InitiativeAmount.objects.filter(initiative=initiative).exclude(year__in=amounts).delete()
        for year, amount in amounts.items():
            InitiativeAmount.objects.update_or_create(initiative=initiative, year=year, defaults={"amount": amount})
    rounds = list(initiative.section.agreement.rounds.all())
    for round_ in rounds:
        milestone, _created = Milestone.objects.get_or_create(initiative=initiative, round=round_)
        EconomyStatus.objects.get_or_create(initiative=initiative, round=round_)
        if milestone_texts is not None and round_.number in milestone_texts:
            text = milestone_texts[round_.number] or ""
            if text != milestone.text:
                if round_.is_published:
                    raise RoundLocked(_("%(round)s er offentliggjort og kan ikke ændres.") % {"round": round_.name})
                milestone.text = text
                if not text:
                    milestone.smiley = ""
                versioned_save(milestone, user=user, seen_version=CHECKED)
    return initiative


@dataclass
class Conflict:
    initiative: Initiative
    what: str  # "milestone" or "economy"
    current: object  # the row as the other person left it
    changed_by: object = None


class GridConflicts(StaleEdit):
    """Rows of a grid that someone else saved since the page was loaded: a StaleEdit for each (the first one is
    this exception's own `current` and `who`), so the page can mark every one."""

    def __init__(self, conflicts):
        super().__init__(conflicts[0].current, conflicts[0].changed_by)
        self.conflicts = conflicts


@dataclass
class CellChange:
    """What an administrator changed in one row of the grid, with the versions they saw."""

    initiative_id: int
    milestone_version: int | None  # None: the form did not say, which is refused like a stale version
    economy_version: int | None
    milestone: dict = field(default_factory=dict)  # field -> new value, only the changed ones
    economy: dict = field(default_factory=dict)


@transaction.atomic
def round_save_grid(*, round, changes, user):
    """Save the changed cells of a round's grid, all or nothing.

    A row saved by someone else since this user loaded the page is a conflict: nothing is saved, and GridConflicts
    names them all (with the other person's values) so the page can show them. Rows are locked while checked, so two
    simultaneous saves cannot both pass the version check.
    """
    round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round_.is_published:
        raise RoundLocked(_("Opfølgningen er offentliggjort og kan ikke ændres. Genåbn den først."))
    conflicts = []
    to_save = []
    # Rows are checked (and locked) in the grid's order, so two saves of the same grid lock them in the same order.
    for change in changes:
        for what, model, values, seen in (
            ("milestone", Milestone, change.milestone, change.milestone_version),
            ("economy", EconomyStatus, change.economy, change.economy_version),
        ):
            if not values:
                continue
            try:
                row = check_version(model, seen_version=seen, round=round_, initiative_id=change.initiative_id)
            except StaleEdit as stale:
                conflicts.append(Conflict(stale.current.initiative, what, stale.current, stale.changed_by))
                continue
            for name, value in values.items():
                setattr(row, name, value)
            to_save.append(row)
    if conflicts:
        raise GridConflicts(conflicts)
    for row in to_save:
        versioned_save(row, user=user, seen_version=CHECKED)


@transaction.atomic
def round_publish(*, round, user):
    """Lock the round and queue its final report; returns that report (None if the round was published already)."""
    round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round_.is_published:
        return None
    round_.state = FollowUpRound.State.PUBLISHED
    round_.reporting_open = False  # publishing closes reporting: a reporter's page still open is refused
    round_.published_at = timezone.now()
    round_.published_by = user
    round_._history_user = user
    round_.save()
    return documents.request(Report, owner=round_, kind=Report.Kind.FINAL, user=user)


@transaction.atomic
def round_reopen(*, round, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Angiv hvorfor opfølgningen genåbnes."))
    round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if not round_.is_published:
        return round_
    round_.state = FollowUpRound.State.DRAFT
    round_._history_user = user
    round_._change_reason = reason
    round_.save()
    return round_
