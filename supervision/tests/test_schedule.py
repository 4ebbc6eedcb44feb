"""The rule for the next pedagogical visit, at its boundaries: which level decides, how months are added, and
when a due date counts as overdue or coming up. No database: the rule is a function of what it is given."""

import datetime
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervision.schedule import SOON, add_months, next_visit

HIGH = SimpleNamespace(pk=1, name="Høj kvalitet", rank=1, interval_months=36, follow_up_months=None)
ADEQUATE = SimpleNamespace(pk=2, name="Tilstrækkelig kvalitet", rank=2, interval_months=24, follow_up_months=None)
NEEDS = SimpleNamespace(pk=3, name="Behov for udvikling", rank=3, interval_months=12, follow_up_months=3)
LEVELS = [HIGH, ADEQUATE, NEEDS]
VISIT = SimpleNamespace(visit_date=datetime.date(2026, 3, 12))


def assessed(*levels):
    names = ["Fysiske rammer", "Relationer", "Leg og aktiviteter"]
    return [SimpleNamespace(level=level, dimension=SimpleNamespace(name=name))
            for level, name in zip(levels, names, strict=False)]


def test_high_quality_on_every_dimension_gives_the_longest_interval_and_no_follow_up():
    result = next_visit(VISIT, assessed(HIGH, HIGH, HIGH), LEVELS)
    assert (result.due_on, result.follow_up_on, result.level) == (datetime.date(2029, 3, 12), None, HIGH)
    assert result.next_date == datetime.date(2029, 3, 12)


def test_one_dimension_a_step_lower_decides_the_whole_visit():
    result = next_visit(VISIT, assessed(HIGH, ADEQUATE, HIGH), LEVELS)
    assert (result.due_on, result.level) == (datetime.date(2028, 3, 12), ADEQUATE)
    assert "“Tilstrækkelig kvalitet” (Relationer)" in result.reason
    assert "senest 24 måneder efter" in result.reason and "opfølgende" not in result.reason


def test_needs_improvement_brings_the_next_visit_a_year_ahead_and_a_follow_up_in_three_months():
    result = next_visit(VISIT, assessed(ADEQUATE, NEEDS, NEEDS), LEVELS)
    assert (result.due_on, result.follow_up_on) == (datetime.date(2027, 3, 12), datetime.date(2026, 6, 12))
    assert result.next_date == datetime.date(2026, 6, 12)  # the follow-up comes first
    assert "(Relationer, Leg og aktiviteter)" in result.reason
    assert "et opfølgende besøg senest 3 måneder efter" in result.reason
    assert "Tilsynet 12. marts 2026" in result.reason


def test_a_visit_without_an_assessment_never_earns_a_long_interval():
    result = next_visit(VISIT, [], LEVELS)
    assert result.level is NEEDS and "ingen vurdering registreret" in result.reason


def test_an_institution_never_visited_is_due_now():
    result = next_visit(None, [], LEVELS)
    assert result.next_date is None and result.status(datetime.date(2026, 1, 1)) == "overdue"
    assert "snarest" in result.reason


@pytest.mark.parametrize("day, months, expected", [
    (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
    (datetime.date(2023, 11, 30), 3, datetime.date(2024, 2, 29)),  # leap year
    (datetime.date(2026, 11, 15), 2, datetime.date(2027, 1, 15)),  # over new year
    (datetime.date(2026, 2, 28), 36, datetime.date(2029, 2, 28)),
])
def test_months_are_added_as_on_a_calendar(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("days_until_due, status", [
    (-1, "overdue"),  # the day after the due date
    (0, "soon"),  # due today is not yet overdue
    (SOON.days, "soon"),
    (SOON.days + 1, ""),
])
def test_overdue_and_coming_up_at_the_day(days_until_due, status):
    result = next_visit(VISIT, assessed(HIGH, HIGH, HIGH), LEVELS)
    today = result.due_on - datetime.timedelta(days=days_until_due)
    assert result.status(today) == status


# --- the rule's invariants over any dates and assessments (hypothesis) ------------------------------------------

dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))


@given(day=dates, months=st.integers(min_value=0, max_value=60), later=st.integers(min_value=0, max_value=40))
def test_adding_months_keeps_order_and_lands_in_the_right_month(day, months, later):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or result.day < day.day  # the month's last day where it is shorter
    assert add_months(day + datetime.timedelta(days=later), months) >= result  # a later visit is never due sooner


@given(day=dates, levels=st.lists(st.sampled_from(LEVELS), min_size=1, max_size=3))
def test_the_weakest_dimension_decides_and_a_follow_up_comes_first(day, levels):
    result = next_visit(SimpleNamespace(visit_date=day), assessed(*levels), LEVELS)
    weakest = max(levels, key=lambda level: level.rank)
    assert result.level is weakest
    assert result.due_on == add_months(day, weakest.interval_months) > day
    if weakest.follow_up_months:
        assert day < result.follow_up_on < result.due_on and result.next_date == result.follow_up_on
    else:
        assert result.follow_up_on is None and result.next_date == result.due_on
    # A stronger assessment never brings the next visit closer.
    better = next_visit(SimpleNamespace(visit_date=day), assessed(*[HIGH] * len(levels)), LEVELS)
    assert better.due_on >= result.due_on
