"""Server-side SVG for the dashboards: the same in every browser and in print, and nothing to vendor. A chart always
has its numbers written on it (dark text: at least 4.5:1 on every smiley colour) and a table with the same numbers
beside it; colour never carries meaning alone."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dagtilbud.smileys import COLOURS, MILESTONE

NONE_COLOUR = "#c8d0d8"
LABEL_WIDTH = 190
BAR_WIDTH = 480
ROW_HEIGHT = 34


@dataclass
class Segment:
    x: float
    width: float
    colour: str
    count: int
    label: str


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
        x = LABEL_WIDTH
        segments = []
        for key, value in count.milestone.items():
            if not value:
                continue
            width = BAR_WIDTH * value / largest
            label = str(MILESTONE[key].label) if key != "none" else _("Ingen smiley endnu")
            colour = COLOURS.get(key, NONE_COLOUR)
            segments.append(Segment(x, width, colour, value, label))
            x += width
        bars.append(Bar(y=n * ROW_HEIGHT, label=count.round.name, segments=segments))
    return {"bars": bars, "height": len(bars) * ROW_HEIGHT, "width": LABEL_WIDTH + BAR_WIDTH + 10}
