"""The capacity forecast's arithmetic, as pure functions (no database): the selectors gather the numbers, these
compute, and the hand-computed test in capacity/tests/test_forecast_arithmetic.py checks them.

For each district, care type and year:
    children expected in care = sum over the care type's ages of (forecast children of that age × coverage rate %)
                                rounded to whole children (half up)
    places                    = the newest recorded normed places + the planned changes dated after the newest
                                recorded month and no later than 31 December of the year
    surplus (+) / deficit (−) = places − children expected in care
0-2 years is dagpleje + vuggestue, 3-5 years is børnehave; the municipality's figures are the sums of the districts'
rounded figures, so every table adds up.

A coverage rate computed from the data: the children enrolled in the care type, averaged over the months recorded in
the last twelve, as a percentage of the forecast children of the care type's ages in the base year (one decimal).
Enrolment is recorded per age group (0-2, 3-5), not per year of age, so each age of a group gets the group's rate;
a scenario may set each age apart.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

AGES = (0, 1, 2, 3, 4, 5)
FAMILY_DAYCARE, NURSERY, KINDERGARTEN = "dagpleje", "vuggestue", "boernehave"
CARE_TYPES = (FAMILY_DAYCARE, NURSERY, KINDERGARTEN)
CARE_AGES = {FAMILY_DAYCARE: (0, 1, 2), NURSERY: (0, 1, 2), KINDERGARTEN: (3, 4, 5)}
BANDS = {"0-2": (FAMILY_DAYCARE, NURSERY), "3-5": (KINDERGARTEN,)}
ROWS = CARE_TYPES + tuple(BANDS)  # what a district's table shows, in order
# MonthlyCapacity's age groups are the care types by another name.
CARE_OF_AGE_GROUP = {"dagpleje": FAMILY_DAYCARE, "0-2": NURSERY, "3-5": KINDERGARTEN}

OPEN, CLOSE, CHANGE = "open", "close", "change"
TOTAL = None  # the district key of the municipality's (or the visible districts') totals


def whole(value):
    """Half up, as people round: 12.5 children are 13."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def children_in_care(population, rates, care, district, year):
    """The exact (unrounded) children expected in `care`: `population` maps (district, age, year) -> children,
    `rates` (age, care) -> percent."""
    return sum((Decimal(population.get((district, age, year), 0)) * Decimal(rates.get((age, care), 0)) / 100
                for age in CARE_AGES[care]), Decimal(0))


@dataclass(frozen=True)
class PlannedChange:
    """A change to places from a date: OPEN a new house (`key` names it) or more places in one; CLOSE a house's
    places of a care type (or of every care type: care None); CHANGE a house's normed places of a care type to
    `places`."""
    kind: str
    district: object
    key: object  # the institution (or, for a new house, the change itself)
    care: str | None
    places: int
    effective: object  # a date


def places_by_year(base, changes, years, recorded_until):
    """(district, care, year) -> places. `base` maps (house key, care) -> (district, places) from the newest
    recorded month; a change dated on or before `recorded_until` is already in those places and is skipped."""
    state = dict(base)
    pending = sorted((c for c in changes if c.effective > recorded_until), key=lambda c: c.effective)
    out = {}
    for year in sorted(years):
        while pending and pending[0].effective.year <= year:
            _apply(state, pending.pop(0))
        totals = defaultdict(int)
        for (_key, care), (district, places) in state.items():
            totals[(district, care, year)] += places
        out.update(totals)
    return out


def _apply(state, change):
    if change.kind == CLOSE:
        for (key, care) in list(state):
            if key == change.key and (change.care is None or care == change.care):
                state[(key, care)] = (state[(key, care)][0], 0)
    elif change.kind == CHANGE:
        state[(change.key, change.care)] = (change.district, change.places)
    else:  # OPEN: a new house, or new places in an existing one
        district, places = state.get((change.key, change.care), (change.district, 0))
        state[(change.key, change.care)] = (district, places + change.places)


@dataclass(frozen=True)
class Cell:
    needed: int  # children expected in care, whole
    places: int

    @property
    def balance(self):
        """Surplus (positive) or deficit (negative) in places."""
        return self.places - self.needed

    @property
    def deficit(self):
        return max(0, self.needed - self.places)

    @property
    def utilisation(self):
        return None if not self.places else round(100 * self.needed / self.places, 1)


def compute(*, districts, years, population, rates, places):
    """(district, row, year) -> Cell for every district and TOTAL, every care type and band (ROWS), every year.
    `places` is places_by_year's result."""
    cells = {}
    for district in districts:
        for year in years:
            for care in CARE_TYPES:
                cells[(district, care, year)] = Cell(whole(children_in_care(population, rates, care, district, year)),
                                                     places.get((district, care, year), 0))
            for band, cares in BANDS.items():
                cells[(district, band, year)] = _sum(cells[(district, c, year)] for c in cares)
    for row in ROWS:
        for year in years:
            cells[(TOTAL, row, year)] = _sum(cells[(d, row, year)] for d in districts)
    return cells


def _sum(cells):
    cells = list(cells)
    return Cell(sum(c.needed for c in cells), sum(c.places for c in cells))


def computed_rates(enrolled, population, base_year, districts):
    """(age, care) -> percent from the data: `enrolled` maps care -> average enrolled children over the recorded
    months; `population` is the forecast ((district, age, year) -> children). None where the care type's ages have
    no forecast children in the base year."""
    rates = {}
    for care, ages in CARE_AGES.items():
        children = sum(population.get((d, age, base_year), 0) for d in districts for age in ages)
        rate = None if not children else (100 * Decimal(enrolled.get(care, 0)) / children).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)
        for age in AGES:
            rates[(age, care)] = rate if age in ages else Decimal(0)
    return rates


def percent_error(forecast, actual):
    """How far the forecast was from what happened, in percent of what happened (positive: too high); None when
    nothing happened to compare with."""
    if not actual:
        return None
    return (100 * (Decimal(forecast) - Decimal(actual)) / Decimal(actual)).quantize(Decimal("0.1"),
                                                                                   rounding=ROUND_HALF_UP)
