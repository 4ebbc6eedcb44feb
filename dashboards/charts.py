"""Server-side SVG for the dashboards: the same in every browser and in print, and nothing to vendor. A chart always
has its numbers written on it (dark text: at least 4.5:1 on every smiley colour) and a table with the same numbers
beside it; colour never carries meaning alone.

No viewBox: the chart is as wide as its column, its bars are percentages of that width and its text is drawn at its
CSS size at every width (a viewBox shrank it to 7 px on a phone). Each round's name stands above its bar, so a long
name needs no column of its own."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dagtilbud.smileys import COLOURS, MILESTONE

NONE_COLOUR = "#c8d0d8"
ROW_HEIGHT = 54  # the name (14 px), then the bar (26 px)
BAR_OFFSET = 20
# A segment narrower than this share of the bar has no room for its number (it stays in its tooltip and the table).
COUNT_MIN_WIDTH = 8


@dataclass
class Segment:
    x: float  # percent of the chart's width
    width: float
    colour: str
    count: int
    label: str

    @property
    def shows_count(self):
        return self.width >= COUNT_MIN_WIDTH


@dataclass
class Bar:
    y: float
    label: str
    segments: list


def milestone_bars(counts):
    """One stacked bar per round: how many milestones got each smiley (and how many have none yet)."""
    largest = max((sum(c.milestone.values()) for c in counts), default=0) or 1
    bars = []
    for n, count in enumerate(counts):
        x = 0.0
        segments = []
        for key, value in count.milestone.items():
            if not value:
                continue
            width = 100 * value / largest
            label = str(MILESTONE[key].label) if key != "none" else _("Ingen smiley endnu")
            colour = COLOURS.get(key, NONE_COLOUR)
            segments.append(Segment(round(x, 2), round(width, 2), colour, value, label))
            x += width
        bars.append(Bar(y=n * ROW_HEIGHT, label=count.round.name, segments=segments))
    return {"bars": bars, "height": len(bars) * ROW_HEIGHT, "bar_offset": BAR_OFFSET}
