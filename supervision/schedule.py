"""The rule for the next pedagogical supervision: a visit is as good as its weakest assessed dimension, and that
level says how many months until the next ordinary visit and whether a follow-up visit comes first. Pure functions
of the data they are given, so the rule can be tested at its boundaries without a database."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dagtilbud import formatting

SOON = datetime.timedelta(days=90)


def add_months(day, months):
    """The same day `months` later; the month's last day where it is shorter (31 January + 1 = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class NextVisit:
    due_on: datetime.date | None  # the next ordinary visit; None: none on record, due now
    follow_up_on: datetime.date | None  # a follow-up visit due before it, if the level asks for one
    level: object | None  # the QualityLevel that decided, or None
    last: object | None = None  # the visit it follows from
    deciding: list = field(default_factory=list)  # the assessments that had the deciding level

    @property
    def next_date(self):
        """The first visit that is due: the follow-up if there is one, else the ordinary visit."""
        return self.follow_up_on or self.due_on

    def status(self, today):
        """"overdue", "soon" (within 90 days, today included) or "" ."""
        if self.next_date is None or self.next_date < today:
            return "overdue"
        if self.next_date <= today + SOON:
            return "soon"
        return ""

    @property
    def reason(self):
        """Why the visit is due when it is, in words (composed when a page shows it, not for every row read)."""
        if self.last is None:
            return _("Der er ikke registreret et gennemført pædagogisk tilsyn: tilsyn snarest.")
        if self.level is None:
            return _("Der er ikke fastsat en regel for tilsyn (indstillinger).")
        where = ", ".join(a.dimension.name for a in self.deciding) or _("ingen vurdering registreret")
        reason = _("Tilsynet %(date)s blev vurderet “%(level)s” (%(where)s): næste tilsyn senest %(months)s "
                   "efter") % {"date": formatting.danish_date(self.last.visit_date), "level": self.level.name,
                               "where": where, "months": formatting.months(self.level.interval_months)}
        if self.follow_up_on:
            reason += _(", og et opfølgende besøg senest %(months)s efter") % {
                "months": formatting.months(self.level.follow_up_months)}
        return reason + "."


def weakest(assessments, levels):
    """The lowest level among a visit's assessments (the highest rank) and the assessments that have it; the scale's
    lowest if none was recorded, so that a visit without an assessment never earns a long interval."""
    if assessments:
        worst = max(a.level.rank for a in assessments)
        deciding = [a for a in assessments if a.level.rank == worst]
        return deciding[0].level, deciding
    return (max(levels, key=lambda level: level.rank) if levels else None), []


def next_visit(last, assessments, levels):
    """The next pedagogical visit after `last` (the latest completed one, or None), from its assessments and the
    scale `levels` (the administration's rule)."""
    if last is None:
        return NextVisit(None, None, None)
    level, deciding = weakest(assessments, levels)
    if level is None:
        return NextVisit(None, None, None, last)
    due_on = add_months(last.visit_date, level.interval_months)
    follow_up_on = add_months(last.visit_date, level.follow_up_months) if level.follow_up_months else None
    return NextVisit(due_on, follow_up_on, level, last, deciding)
