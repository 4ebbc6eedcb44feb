"""When a house's learning plan must next be evaluated, as pure functions (tested at their boundaries).

The evaluation is due LEARNING_PLAN_INTERVAL_MONTHS after the last published evaluation or, before the first, after
the plan's date. A house is in one of four states: never evaluated (no published evaluation yet), overdue (the due
date has passed: due today is not overdue, the day after is), due soon (within LEARNING_PLAN_SOON_DAYS), or current.
A house never evaluated still has a due date when it has a plan, and is then also due soon or overdue by it."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CURRENT, DUE_SOON, OVERDUE, NEVER = "current", "due_soon", "overdue", "never"
LABELS = {CURRENT: _("Aktuel"), DUE_SOON: _("Skal evalueres snart"), OVERDUE: _("Overskredet"),
          NEVER: _("Aldrig evalueret")}
STATES = [CURRENT, DUE_SOON, OVERDUE, NEVER]


def add_months(day, months):
    """The same day `months` later; the month's last day where it has fewer (29 February + 12 months: 28th)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def soon():
    return datetime.timedelta(days=settings.LEARNING_PLAN_SOON_DAYS)


@dataclass(frozen=True)
class Due:
    last_published: datetime.date | None
    plan_date: datetime.date | None
    due_on: datetime.date | None
    state: str
    is_overdue: bool = False  # the due date has passed (also for a house never evaluated, by its plan's date)
    is_due_soon: bool = False  # due within LEARNING_PLAN_SOON_DAYS, not yet overdue

    @property
    def label(self):
        return LABELS[self.state]

    @property
    def needs_attention(self):
        """Overdue, due soon, or never evaluated: what the dashboards and notices are about."""
        return self.state != CURRENT

    @property
    def is_current(self):
        return self.state == CURRENT


def due(*, last_published, plan_date, today):
    base = last_published or plan_date
    due_on = add_months(base, settings.LEARNING_PLAN_INTERVAL_MONTHS) if base else None
    late = due_on is not None and due_on < today
    close = due_on is not None and not late and due_on <= today + soon()
    if last_published is None:
        state = NEVER
    elif late:
        state = OVERDUE
    elif close:
        state = DUE_SOON
    else:
        state = CURRENT
    return Due(last_published, plan_date, due_on, state, late, close)
