"""The forecast's arithmetic on a small table computed by hand (the numbers in the comments are the hand's)."""

import datetime
from decimal import Decimal

from capacity import forecast as f
from capacity.forecast import CHANGE, CLOSE, OPEN, TOTAL, Cell, PlannedChange

D = datetime.date
YEARS = [2026, 2027]
# District A: 100, 90, 80, 70, 60, 50 children aged 0-5 in 2026; ten more of each age in 2027. District B: 10 of every
# age in both years.
POPULATION = {**{("A", age, 2026): n for age, n in enumerate([100, 90, 80, 70, 60, 50])},
              **{("A", age, 2027): n + 10 for age, n in enumerate([100, 90, 80, 70, 60, 50])},
              **{("B", age, year): 10 for age in f.AGES for year in YEARS}}
RATES = {**{(age, f.FAMILY_DAYCARE): Decimal(10) for age in (0, 1, 2)},
         (0, f.NURSERY): Decimal(20), (1, f.NURSERY): Decimal(60), (2, f.NURSERY): Decimal(70),
         **{(age, f.KINDERGARTEN): Decimal("95") for age in (3, 4, 5)}}
# House a1 (A): 120 nursery and 180 kindergarten places; a2 (A): 30 in family day care; b1 (B): 20 and 30.
BASE = {("a1", f.NURSERY): ("A", 120), ("a1", f.KINDERGARTEN): ("A", 180), ("a2", f.FAMILY_DAYCARE): ("A", 30),
        ("b1", f.NURSERY): ("B", 20), ("b1", f.KINDERGARTEN): ("B", 30)}
CHANGES = [
    PlannedChange(CHANGE, "A", "a1", f.KINDERGARTEN, 190, D(2026, 8, 1)),  # a1 goes to 190 kindergarten places
    PlannedChange(OPEN, "A", "new", f.NURSERY, 24, D(2027, 1, 1)),  # a new nursery of 24 places in 2027
    PlannedChange(CLOSE, "B", "b1", None, 0, D(2027, 7, 1)),  # b1 closes in the summer of 2027
    PlannedChange(OPEN, "A", "a1", f.NURSERY, 100, D(2025, 11, 1)),  # already in the recorded places: skipped
]


def table():
    places = f.places_by_year(BASE, CHANGES, YEARS, recorded_until=D(2025, 12, 1))
    return f.compute(districts=["A", "B"], years=YEARS, population=POPULATION, rates=RATES, places=places)


def test_children_expected_in_care_are_forecast_children_times_the_rate_rounded_half_up():
    cells = table()
    # A 2026: dagpleje (100+90+80) x 10 % = 27; vuggestue 100x20 % + 90x60 % + 80x70 % = 20+54+56 = 130;
    # børnehave (70+60+50) x 95 % = 171.
    assert [cells[("A", care, 2026)].needed for care in f.CARE_TYPES] == [27, 130, 171]
    # A 2027: (110+100+90) x 10 % = 30; 22+60+63 = 145; (80+70+60) x 95 % = 199.5, which is 200 children.
    assert [cells[("A", care, 2027)].needed for care in f.CARE_TYPES] == [30, 145, 200]
    # B: 30 x 10 % = 3; 2+6+7 = 15; 30 x 95 % = 28.5 -> 29.
    assert [cells[("B", care, 2026)].needed for care in f.CARE_TYPES] == [3, 15, 29]


def test_places_are_the_recorded_ones_plus_the_planned_changes_of_the_year_and_before():
    cells = table()
    assert [cells[("A", care, 2026)].places for care in f.CARE_TYPES] == [30, 120, 190]  # a1 at 190 from August
    assert [cells[("A", care, 2027)].places for care in f.CARE_TYPES] == [30, 144, 190]  # + the new nursery's 24
    assert [cells[("B", care, 2026)].places for care in f.CARE_TYPES] == [0, 20, 30]
    assert [cells[("B", care, 2027)].places for care in f.CARE_TYPES] == [0, 0, 0]  # b1 closed


def test_surplus_and_deficit_bands_and_totals():
    cells = table()
    assert cells[("A", f.NURSERY, 2026)] == Cell(130, 120)
    assert cells[("A", f.NURSERY, 2026)].balance == -10 and cells[("A", f.NURSERY, 2026)].deficit == 10
    assert cells[("A", f.KINDERGARTEN, 2026)].balance == 19 and cells[("A", f.KINDERGARTEN, 2026)].deficit == 0
    assert cells[("A", "0-2", 2026)] == Cell(27 + 130, 30 + 120)  # 157 children for 150 places: 7 short
    assert cells[("A", "0-2", 2026)].balance == -7
    assert cells[("A", "3-5", 2027)] == Cell(200, 190)
    assert cells[("B", f.FAMILY_DAYCARE, 2026)].balance == -3  # no family day care in B
    # The municipality: the districts' rounded figures added up.
    assert [cells[(TOTAL, care, 2026)] for care in f.CARE_TYPES] == [Cell(30, 30), Cell(145, 140), Cell(200, 220)]
    assert [cells[(TOTAL, care, 2027)] for care in f.CARE_TYPES] == [Cell(33, 30), Cell(160, 144), Cell(229, 190)]
    assert cells[(TOTAL, "0-2", 2026)] == Cell(175, 170) and cells[(TOTAL, "3-5", 2026)] == Cell(200, 220)


def test_coverage_rates_from_enrolment_against_the_population_of_the_ages():
    # 2026: ages 0-2 are 270 + 30 = 300 children, ages 3-5 180 + 30 = 210.
    rates = f.computed_rates({f.FAMILY_DAYCARE: 30, f.NURSERY: 150, f.KINDERGARTEN: Decimal("199.5")},
                             POPULATION, 2026, ["A", "B"])
    assert rates[(0, f.FAMILY_DAYCARE)] == rates[(2, f.FAMILY_DAYCARE)] == Decimal("10.0")  # 30 / 300
    assert rates[(1, f.NURSERY)] == Decimal("50.0")  # 150 / 300
    assert rates[(4, f.KINDERGARTEN)] == Decimal("95.0")  # 199.5 / 210
    assert rates[(4, f.NURSERY)] == rates[(1, f.KINDERGARTEN)] == 0
    assert f.computed_rates({}, {}, 2026, ["A"])[(0, f.NURSERY)] is None  # no children: no rate


def test_percent_error():
    assert f.percent_error(110, 100) == Decimal("10.0")
    assert f.percent_error(90, 120) == Decimal("-25.0")
    assert f.percent_error(5, 0) is None
