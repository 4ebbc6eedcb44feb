"""A line's utilisation month by month as server-side SVG bars, with the numbers and flags written on them and the
administration's two limits drawn as lines; pages show the same numbers in a table beside it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dagtilbud import formatting

from .selectors import flag_words

LABEL_WIDTH = 110
BAR_WIDTH = 600
ROW_HEIGHT = 28
# One light colour for every bar, with the dark text on it (over 9:1): the flag is written as words, never carried by
# colour.
BAR_COLOUR = "#b9d3e8"


@dataclass
class Bar:
    y: int
    label: str
    width: float
    text: str


def utilisation_bars(line, months, municipality):
    scale = max([130] + [f.utilisation for f in line.figures if f is not None and f.utilisation is not None])
    bars = []
    for n, (month, figure) in enumerate(zip(months, line.figures)):
        value = figure.utilisation if figure is not None else None
        if value is None:
            text, width = _("ikke registreret"), 0
        else:
            text = f"{formatting.danish_number(value, 1)} %"
            if figure.flag:
                text += f" – {flag_words(figure.flag)}"
            width = BAR_WIDTH * value / scale
        bars.append(Bar(y=n * ROW_HEIGHT, label=formatting.month_name(month), width=round(width, 1), text=text))
    height = len(bars) * ROW_HEIGHT
    limits = [(LABEL_WIDTH + BAR_WIDTH * limit / scale, f"{limit} %")
              for limit in (municipality.utilisation_low, municipality.utilisation_high)]
    return {"bars": bars, "height": height + 20, "bars_height": height, "width": LABEL_WIDTH + BAR_WIDTH + 170,
            "limits": [(round(x, 1), label) for x, label in limits], "label_width": LABEL_WIDTH,
            "colour": BAR_COLOUR}
