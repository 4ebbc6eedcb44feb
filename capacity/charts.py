"""A line's utilisation month by month as server-side SVG bars, with the numbers and flags written on them and the
administration's two limits drawn as lines; pages show the same numbers in a table beside it.

The chart has no viewBox: it is as wide as its column and its text is drawn at its CSS size (14 px) at every width,
instead of shrinking with the drawing (an 880-unit viewBox put 6 px labels on a phone). The month labels keep a column
of fixed width; the bars are drawn in a nested <svg> that takes a share of the width, so their lengths and the limit
lines are percentages of it and the text over them never scales."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dagtilbud import formatting

from .selectors import flag_words

LABEL_WIDTH = 110  # px: "september 2026" at 14 px
# The bars' share of the chart's width: what is left beside the labels, less room for the longest text written over a
# short bar, at a 320 px column (WCAG's reflow width).
BARS_SHARE = 62
ROW_HEIGHT = 28
# One light colour for every bar, with the dark text on it (over 9:1): the flag is written as words, never carried by
# colour.
BAR_COLOUR = "#b9d3e8"


@dataclass
class Bar:
    y: int
    label: str
    width: float  # percent of the bars' area
    text: str


def utilisation_bars(line, months, municipality):
    """Newest month first, as in the tables beside it."""
    scale = max([130] + [f.utilisation for f in line.figures if f is not None and f.utilisation is not None])
    bars = []
    pairs = list(zip(months, line.figures, strict=False))[::-1]
    for n, (month, figure) in enumerate(pairs):
        value = figure.utilisation if figure is not None else None
        if value is None:
            text, width = _("ikke registreret"), 0
        else:
            text = f"{formatting.danish_number(value, 1)} %"
            if figure.flag:
                text += f" – {flag_words(figure.flag)}"
            width = 100 * value / scale
        bars.append(Bar(y=n * ROW_HEIGHT, label=formatting.month_name(month), width=round(width, 1), text=text))
    height = len(bars) * ROW_HEIGHT
    # The two limits' labels lean away from each other (the low one ends at its line, the high one starts at its line):
    # on a phone the lines are about 30 px apart.
    limits = [(round(100 * limit / scale, 1), f"{limit} %", anchor, offset) for limit, anchor, offset in (
        (municipality.utilisation_low, "end", -3), (municipality.utilisation_high, "start", 3))]
    return {"bars": bars, "height": height + 22, "bars_height": height, "bars_share": BARS_SHARE,
            "limits": limits, "label_width": LABEL_WIDTH,
            "colour": BAR_COLOUR}


@dataclass
class YearBars:
    y: int
    label: str
    needed: float  # bar widths, percent of the bars' area
    places: float
    needed_text: str
    places_text: str


FORECAST_ROW = 52  # two bars of 20 px and a gap
NEEDED_COLOUR, PLACES_COLOUR = "#b9d3e8", "#d9d9d9"


def forecast_bars(table, years):
    """A district's (or the total's) children expected in care (0-5 years) against its places, year by year: two
    bars a year with their numbers, the deficit in words on the children's bar."""
    pairs = []
    for n, year in enumerate(years):
        needed = sum(table.rows[i][2][n].needed for i, (row, _l, _c) in enumerate(table.rows) if row in ("0-2", "3-5"))
        places = sum(table.rows[i][2][n].places for i, (row, _l, _c) in enumerate(table.rows) if row in ("0-2", "3-5"))
        pairs.append((year, needed, places))
    scale = max([1] + [max(a, b) for _y, a, b in pairs])
    bars = []
    for n, (year, needed, places) in enumerate(pairs):
        needed_text = _("%(n)s børn") % {"n": formatting.danish_number(needed)}
        if needed > places:  # short enough to stay inside a phone's column
            needed_text += " " + _("(mangler %(n)s)") % {"n": formatting.danish_number(needed - places)}
        bars.append(YearBars(n * FORECAST_ROW, str(year), round(100 * needed / scale, 1),
                             round(100 * places / scale, 1), needed_text,
                             _("%(n)s pladser") % {"n": formatting.danish_number(places)}))
    return {"bars": bars, "height": len(bars) * FORECAST_ROW, "label_width": 60, "bars_share": BARS_SHARE,
            "needed_colour": NEEDED_COLOUR, "places_colour": PLACES_COLOUR}
