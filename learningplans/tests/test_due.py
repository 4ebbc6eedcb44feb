"""The due date at its boundaries: two years after the last published evaluation (or the plan's date), due today
is not overdue, the day after is; within 90 days is due soon."""

import datetime

from learningplans import due

TODAY = datetime.date(2026, 6, 15)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert due.add_months(datetime.date(2024, 2, 29), 24) == datetime.date(2026, 2, 28)
    assert due.add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)
    assert due.add_months(datetime.date(2024, 1, 31), 24) == datetime.date(2026, 1, 31)


def test_due_two_years_after_the_last_published_evaluation(settings):
    settings.LEARNING_PLAN_INTERVAL_MONTHS, settings.LEARNING_PLAN_SOON_DAYS = 24, 90
    on_time = due.due(last_published=datetime.date(2024, 6, 15), plan_date=datetime.date(2020, 1, 1), today=TODAY)
    assert on_time.due_on == TODAY and on_time.state == due.DUE_SOON and not on_time.is_overdue
    late = due.due(last_published=datetime.date(2024, 6, 14), plan_date=None, today=TODAY)
    assert late.state == due.OVERDUE and late.is_overdue
    edge = due.due(last_published=datetime.date(2024, 9, 13), plan_date=None, today=TODAY)
    assert edge.due_on == TODAY + datetime.timedelta(days=90) and edge.state == due.DUE_SOON
    assert due.due(last_published=datetime.date(2024, 9, 14), plan_date=None, today=TODAY).state == due.CURRENT
    current = due.due(last_published=datetime.date(2025, 6, 1), plan_date=None, today=TODAY)
    assert current.state == due.CURRENT and current.due_on == datetime.date(2027, 6, 1)


def test_never_evaluated_is_due_by_the_plans_date(settings):
    settings.LEARNING_PLAN_INTERVAL_MONTHS = 24
    fresh = due.due(last_published=None, plan_date=datetime.date(2026, 1, 10), today=TODAY)
    assert fresh.state == due.NEVER and fresh.due_on == datetime.date(2028, 1, 10) and not fresh.is_overdue
    old = due.due(last_published=None, plan_date=datetime.date(2023, 1, 10), today=TODAY)
    assert old.state == due.NEVER and old.is_overdue
    nothing = due.due(last_published=None, plan_date=None, today=TODAY)
    assert nothing.state == due.NEVER and nothing.due_on is None


def test_the_interval_is_a_setting(settings):
    settings.LEARNING_PLAN_INTERVAL_MONTHS = 12
    assert due.due(last_published=datetime.date(2025, 6, 1), plan_date=None,
                   today=TODAY).due_on == datetime.date(2026, 6, 1)
