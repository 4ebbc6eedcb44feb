"""How capacity pages read their data: sums per month in the database, a fixed number of queries however many
institutions and months there are."""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Max, Sum
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from dagtilbud import formatting
from dagtilbud.formatting import danish_number
from districts.models import District, Municipality

from .models import AgeGroup, MonthlyCapacity, utilisation

MONTHS = 12


@dataclass
class Figure:
    places: int = 0
    children: int = 0
    flag: str = ""  # "over", "under" or ""

    @property
    def utilisation(self):
        return utilisation(self.children, self.places)

    @property
    def free(self):
        """Places not taken; negative when more children are enrolled than there are places."""
        return self.places - self.children

    def html(self):
        """The table cell's content: the percentage (children and places in its title) and the flag in words.
        Rendered here rather than by a template include per cell (a year of 500 houses is 6,000 cells), from words
        translated once per language (and children-and-places pair); everything in it is a number or our own
        translated text."""
        percent = self.utilisation
        if percent is None:
            return "–"
        title = _cell_title(get_language(), self.children, self.places)
        over, under = _cell_words(get_language())
        flag = {"over": over, "under": under}.get(self.flag)
        cell = (f'<span title="{title}">'
                f'{danish_number(percent, 1)} %</span>')
        if flag:
            cell += f'<br><span class="action-flag">{flag}</span>'
        return mark_safe(cell)


@lru_cache
def _cell_words(language):
    with override(language):
        return escape(_("Overbelagt")), escape(_("Underbelagt"))


@lru_cache(maxsize=4096)
def _cell_title(language, children, places):
    """"33 børn på 30 pladser", "1 barn på 1 plads": a year of houses repeats the same few pairs."""
    with override(language):
        return escape(_("%(children)s på %(places)s") % {
            "children": formatting.children(children), "places": formatting.places(places)})


def flag_words(flag):
    return {"over": _("Overbelagt"), "under": _("Underbelagt")}.get(flag, "")


@dataclass
class Line:
    """A row of a table: an institution, a district or the municipality, with a figure per month (None: nothing
    recorded that month)."""
    label: str
    obj: object
    figures: list = field(default_factory=list)

    @property
    def latest(self):
        return next((f for f in reversed(self.figures) if f is not None), None)


def add_months(month, n):
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_up_to(last, count=MONTHS):
    return [add_months(last, -n) for n in range(count - 1, -1, -1)]


def last_month(institutions):
    """The newest month recorded for these institutions, or this month if none is."""
    newest = MonthlyCapacity.objects.filter(institution__in=institutions).aggregate(m=Max("month"))["m"]
    return newest or datetime.date.today().replace(day=1)


def _figure(places, children, municipality):
    """A month's figure, flagged by the municipality's limits."""
    return Figure(places, children, municipality.utilisation_flag(utilisation(children, places)))


def _figures(rows, key, months, municipality):
    by_key = {}
    for row in rows:
        by_key.setdefault(row[key], {})[row["month"]] = _figure(row["places"] or 0, row["children"] or 0,
                                                                municipality)
    return {k: [per_month.get(m) for m in months] for k, per_month in by_key.items()}


def overview(institutions, months, *, per_institution=True):
    """Lines for the municipality (or the part of it in view), each district and (unless `per_institution` is
    False) each institution in view.

    Queries: the municipality's settings, districts, and two sums (per month, per district and month); with
    institutions two more (the institutions, and the sum per institution and month).
    """
    municipality = Municipality.objects.current()
    in_range = MonthlyCapacity.objects.filter(institution__in=institutions, month__in=months)
    monthly = in_range.values("month").annotate(places=Sum("places"), children=Sum("children"))
    total = _figures([dict(row, all=True) for row in monthly], "all", months, municipality)
    per_district = _figures(in_range.values("institution__district_id", "month").annotate(
        places=Sum("places"), children=Sum("children")), "institution__district_id", months, municipality)
    districts = list(District.objects.filter(pk__in=institutions.values("district_id")).order_by("name"))
    empty = [None] * len(months)
    lines = []
    if per_institution:
        figures = _figures(in_range.values("institution_id", "month").annotate(
            places=Sum("places"), children=Sum("children")), "institution_id", months, municipality)
        lines = [Line(i.name, i, figures.get(i.pk, empty)) for i in institutions.order_by("district__name", "name")]
    return {
        "municipality": municipality,
        "total": Line(str(municipality), municipality, total.get(True, empty)),
        "districts": [Line(d.name, d, per_district.get(d.pk, empty)) for d in districts],
        "institutions": lines,
    }


def institution_detail(institution, months):
    """The institution's age groups, month by month: places, children, utilisation. Queries: 2."""
    municipality = Municipality.objects.current()
    records = MonthlyCapacity.objects.filter(institution=institution, month__in=months)
    by_group = {}
    for record in records:
        by_group.setdefault(record.age_group, {})[record.month] = _figure(record.places, record.children,
                                                                          municipality)
    return [Line(label, key, [by_group[key].get(m) for m in months])
            for key, label in AgeGroup.choices if key in by_group]
