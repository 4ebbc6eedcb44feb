"""The status grid's table as HTML, written in Python: its columns, each one's heading and cell in one place.

A round's grid is forty rows of some ten inputs each. Through Django's template engine, walking the row template
node by node was half the page's time (benchmark, 2026-12-07); the inputs are already HTML built in Python
(dagtilbud/widgets.py), so the rows are joined here as strings. The markup is what the row template wrote.

Everything shown is escaped here (`escape`, or a widget's or the smiley's own safe HTML): the template engine does
not look at this output again. A new column (e.g. a per-row state) is one more `Column` in `COLUMNS`, with a
function that writes its whole cell for one `RowView`.
"""

import html
from dataclasses import dataclass
from typing import Callable

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dagtilbud import formatting
from dagtilbud.templatetags.dagtilbud import smiley as smiley_tag


def escape(value):
    """As Django's escape(), without its lazy-string wrapper (a thousand calls a grid)."""
    return html.escape(str(value))


def smiley(value, scale):
    """The one smiley component, small (the {% smiley %} tag's HTML, rendered once per variant and language)."""
    return smiley_tag({}, value, scale, "sm")


@dataclass
class RowView:
    """One initiative's row as the cells read it: its form (grid.GridRowForm, whose `row` is the selector's
    InitiativeRow), the cells someone else saved meanwhile (services.Conflict or None), and the page's texts."""

    form: object
    milestone_conflict: object
    economy_conflict: object
    texts: "Texts"

    def __post_init__(self):
        self.row = self.form.row
        self.number = escape(self.row.initiative.number)  # the initiative's number, escaped: in most cells

    def field(self, name):
        return self.form[name]


class Texts:
    """The words every row repeats, translated once per page rather than forty times, and the round's links."""

    def __init__(self, round_):
        self.milestone, self.economy, self.status = escape(_("Milepæl")), escape(_("Økonomi")), escape(_("Status"))
        self.previous, self.set_aside = escape(_("Forrige:")), escape(_("Afsat"))
        self.expected, self.expected_short = escape(_("Forventet regnskab (kr.)")), escape(_("Forventet"))
        self.deviation, self.economy_edit = escape(_("Afvigelse")), escape(_("Tekst og ændret budget"))
        self.economy_extra = escape(_("Regnskab og budget"))
        self.no_milestone, self.someone_else = _("Ingen milepæl i denne opfølgning."), _("en anden")
        # Reversed once, the initiative put in per row (reverse is slow forty times).
        self._economy_edit_url = reverse("budgetfollowup:economy_edit", args=[round_.pk, _PLACEHOLDER])

    def economy_edit_url(self, initiative_pk):
        return escape(self._economy_edit_url.replace(str(_PLACEHOLDER), str(int(initiative_pk))))


_PLACEHOLDER = 4242424242


def _errors(bound_field):
    """A field's messages, under the id its input's aria-describedby names; empty without errors."""
    if not bound_field.errors:
        return ""
    messages = "".join(f'<p class="text-danger small mb-0">{escape(e)}</p>' for e in bound_field.errors)
    return f'\n<div id="{escape(bound_field.auto_id)}_error">{messages}</div>'


def _changed_by(conflict, texts):
    who = conflict.changed_by or texts.someone_else
    return _("Ændret af %(who)s til:") % {"who": escape(who)}


# The cells, left to right ------------------------------------------------------------------------------------------

def heading_cell(view):
    row, form, t = view.row, view.form, view.texts
    milestone_text = linebreaksbr(row.milestone.text or t.no_milestone, autoescape=True)
    return (f'<th scope="row" class="milestone-text"><span class="d-block">{view.number}. '
            f'{escape(row.initiative.title)}</span>\n<span class="fw-normal">{milestone_text}</span>\n'
            f'{form["milestone_version"]}{form["economy_version"]}</th>')


def milestone_cell(view):
    row, t, conflict = view.row, view.texts, view.milestone_conflict
    field = view.field("milestone_smiley")
    css = "conflict" if conflict or field.errors else ""
    parts = [f'<td data-label="{t.milestone}" class="{css}">']
    if row.milestone.text:
        legend = _("Smiley for milepæl, %(n)s") % {"n": view.number}
        parts.append(f'<fieldset><legend class="visually-hidden">{legend}</legend>{field}</fieldset>')
    else:
        parts.append("–")
    if row.previous_milestone:
        parts.append(f'<p class="previous mb-0">{t.previous} {smiley(row.previous_milestone.smiley, "milestone")}</p>')
    if conflict:
        parts.append(f'<p class="text-danger small mb-0" role="alert">{_changed_by(conflict, t)} '
                     f'{smiley(conflict.current.smiley, "milestone")} {escape(conflict.current.status_text)}</p>')
    return "\n".join(parts) + _errors(field) + "\n</td>"


def economy_cell(view):
    row, form, t, conflict = view.row, view.form, view.texts, view.economy_conflict
    field, spending = view.field("economy_smiley"), view.field("expected_spending")
    css = "conflict" if conflict or field.errors or spending.errors else ""
    legend = _("Smiley for økonomi, %(n)s") % {"n": view.number}
    summary = ""
    if row.economy.expected_spending is not None:
        summary = (f'<span class="economy-summary">{t.expected_short}: '
                   f'{escape(formatting.kr(row.economy.expected_spending))} · </span>')
    set_aside = escape(formatting.million_kr(row.set_aside)) if row.set_aside is not None else "–"
    deviation = row.deviation
    if deviation:
        amount, percent = deviation
        deviation = f" · {t.deviation}: {escape(formatting.kr(amount))}"
        if percent is not None:
            deviation += f" ({escape(formatting.danish_number(percent, 1))} %)"
    parts = [f'<td data-label="{t.economy}" class="{css}">',
             f'<fieldset><legend class="visually-hidden">{legend}</legend>{field}</fieldset>',
             f'<p class="small mb-0 mt-1">{summary}{t.set_aside}: {set_aside}{deviation or ""}</p>']
    if row.previous_economy:
        parts.append(f'<p class="previous mb-0">{t.previous} {smiley(row.previous_economy.smiley, "economy")}</p>')
    errors = _errors(field)
    if getattr(form, "needs_confirmation", False):
        confirm = view.field("confirm_contradiction")
        errors += (f'\n<div class="form-check">{confirm}<label class="form-check-label" '
                   f'for="{escape(confirm.id_for_label)}">{escape(confirm.label)}</label></div>')
    if conflict:
        errors += (f'\n<p class="text-danger small mb-0" role="alert">{_changed_by(conflict, t)} '
                   f'{smiley(conflict.current.smiley, "economy")}</p>')
    return "\n".join(parts) + errors + "\n</td>"


def status_cell(view):
    field = view.field("status_text")
    label = _("Status for %(n)s") % {"n": view.number}
    return (f'<td data-label="{view.texts.status}"><label class="visually-hidden" '
            f'for="{escape(field.id_for_label)}">{label}</label>{field}</td>')


def economy_extra_cell(view):
    t = view.texts
    field = view.field("expected_spending")
    css = " conflict" if field.errors else ""
    url = t.economy_edit_url(view.row.initiative.pk)
    return (f'<td data-label="{t.economy_extra}" class="economy-extra{css}">\n'
            f'<label class="form-label small" for="{escape(field.id_for_label)}">{t.expected}'
            f'<span class="visually-hidden">, {view.number}</span></label>\n{field}{_errors(field)}\n'
            f'<a class="small" href="{url}">{t.economy_edit}<span class="visually-hidden"> – {view.number}</span>'
            f'</a>\n</td>')


@dataclass(frozen=True)
class Column:
    heading: Callable[[], str]  # the column's <th> text (translated when the page is rendered)
    cell: Callable[[RowView], str]  # the row's whole cell, escaped
    css_class: str = ""


COLUMNS = [
    Column(lambda: _("Indsats og milepæl"), heading_cell),
    Column(lambda: _("Milepæl"), milestone_cell),
    Column(lambda: _("Økonomi"), economy_cell),
    Column(lambda: _("Status"), status_cell),
    # Hidden unless asked for (the checkbox "Vis felter for forventet regnskab …", static/js/app.js).
    Column(lambda: _("Regnskab og budget"), economy_extra_cell, css_class="economy-extra"),
]


def head():
    """The table's heading row."""
    cells = "".join(f'<th scope="col"{_class(c.css_class)}>{escape(c.heading())}</th>' for c in COLUMNS)
    return mark_safe(f"<tr>{cells}</tr>")


def _class(css_class):
    return f' class="{css_class}"' if css_class else ""


def rows(grid):
    """The table's body rows: one per initiative of a grid.RoundGrid, in its order."""
    texts = Texts(grid.round)
    out = []
    for form, milestone_conflict, economy_conflict in grid.rows():
        view = RowView(form, milestone_conflict, economy_conflict, texts)
        cells = "\n".join(column.cell(view) for column in COLUMNS)
        out.append(f'<tr id="row-{int(form.row.initiative.pk)}">\n{cells}\n</tr>')
    return mark_safe("\n".join(out))
