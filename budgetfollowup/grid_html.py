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

from django.forms.utils import pretty_name
from django.template.defaultfilters import linebreaksbr, truncatewords
from django.urls import reverse
from django.utils import timezone
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
        """The form's field as the cells use it: its HTML (str), errors, auto_id, id_for_label and label."""
        return self.form[name] if self.form.is_bound else _LoadedField(self.form, name)


class _LoadedField:
    """A field of a form as loaded, not posted (the grid on GET): no errors, its initial value. Writes what Django's
    BoundField writes (compared in budgetfollowup/tests/test_round_grid.py) without BoundField's bookkeeping on
    every call, which was a third of the rows' time. A posted form goes through BoundField itself: errors,
    aria-invalid, the values sent."""

    errors = ()

    def __init__(self, form, name):
        self.form, self.name, self.field = form, name, form.fields[name]
        self.html_name = form.add_prefix(name)
        self.auto_id = form.auto_id % self.html_name
        self.id_for_label = self.field.widget.id_for_label(self.field.widget.attrs.get("id") or self.auto_id)
        self.label = pretty_name(name) if self.field.label is None else self.field.label

    def __str__(self):
        field, widget = self.field, self.field.widget
        value = field.prepare_value(self.form.get_initial_for_field(field, self.name))
        attrs = {}
        if widget.use_required_attribute(value) and field.required and self.form.use_required_attribute:
            attrs["required"] = True
        if field.disabled:
            attrs["disabled"] = True
        if "id" not in widget.attrs:
            attrs["id"] = self.auto_id
        html = widget.render(self.html_name, value, attrs)
        if field.show_hidden_initial:
            hidden = {"disabled": True} if field.disabled else {}
            hidden["id"] = self.form.add_initial_prefix(self.auto_id)
            html += field.hidden_widget().render(self.form.add_initial_prefix(self.name), value, hidden)
        return html


class Texts:
    """The words every row repeats, translated once per page rather than forty times, and the round's links."""

    def __init__(self, round_):
        self.milestone, self.economy, self.status = escape(_("Milepæl")), escape(_("Økonomi")), escape(_("Status"))
        self.previous, self.set_aside = escape(_("Forrige:")), escape(_("Afsat"))
        self.expected, self.expected_short = escape(_("Forventet regnskab (kr.)")), escape(_("Forventet"))
        self.deviation, self.economy_edit = escape(_("Afvigelse")), escape(_("Tekst og ændret budget"))
        self.economy_extra = escape(_("Regnskab og budget"))
        self.no_milestone, self.someone_else = _("Ingen milepæl i denne opfølgning."), _("en anden")
        # With a row's number or a colleague's name put in (%-format): translated once, filled in per row.
        self.milestone_legend, self.economy_legend = _("Smiley for milepæl, %(n)s"), _("Smiley for økonomi, %(n)s")
        self.status_label, self.changed_by = _("Status for %(n)s"), _("Ændret af %(who)s til:")
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
    return texts.changed_by % {"who": escape(who)}


# The cells, left to right ------------------------------------------------------------------------------------------

def heading_cell(view):
    row, t = view.row, view.texts
    milestone_text = linebreaksbr(row.milestone.text or t.no_milestone, autoescape=True)
    return (f'<th scope="row" class="milestone-text"><span class="d-block">{view.number}. '
            f'{escape(row.initiative.title)}</span>\n<span class="fw-normal">{milestone_text}</span>\n'
            f'{reporting_state(view)}{view.field("milestone_version")}{view.field("economy_version")}</th>')


def reporting_state(view):
    """In a round opened for reporting (the view then sets each row's `submission`, None if not started): the
    row's state with who and when, and for a sent (or reviewed) row the link to approve or return it."""
    if not hasattr(view.row, "submission"):
        return ""
    submission = view.row.submission
    if submission is None:
        return f'<span class="d-block small fw-normal mt-1">{escape(_("Ikke påbegyndt"))}</span>\n'
    parts = [escape(submission.get_state_display())]
    if submission.changed_by:
        parts.append(" · " + escape(submission.changed_by.get_full_name() or submission.changed_by.username))
    if submission.changed_at:
        when = timezone.localtime(submission.changed_at)
        parts.append(f", {escape(formatting.danish_date(when.date()))} {when:%H:%M}")
    if submission.late:
        parts.append(f' · <strong>{escape(_("indsendt efter fristen"))}</strong>')
    if submission.state in ("sent", "approved", "returned"):
        label = _("Godkend eller send retur") if submission.state == "sent" else _("Se indberetningen")
        url = reverse("budgetfollowup:submission_review", args=[submission.round_id, submission.initiative_id])
        parts.append(f' <a href="{escape(url)}">{escape(label)}<span class="visually-hidden"> – {view.number}'
                     f'</span></a>')
    return f'<span class="d-block small fw-normal mt-1">{"".join(parts)}</span>\n'


def milestone_cell(view):
    row, t, conflict = view.row, view.texts, view.milestone_conflict
    field = view.field("milestone_smiley")
    css = "conflict" if conflict or field.errors else ""
    parts = [f'<td data-label="{t.milestone}" class="{css}">']
    if row.milestone.text:
        legend = t.milestone_legend % {"n": view.number}
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
    legend = t.economy_legend % {"n": view.number}
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
    label = view.texts.status_label % {"n": view.number}
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


# The reporter's grid (reporting_views.reporting_page): their centre's rows they may still change, each with its
# reporting state and the administrator's comment, and a tick to send it. Its markup is what the reporting page's
# row template wrote (budgetfollowup/reporting.html until 2026-12-08), line for line: compared for fresh, drafted,
# returned, sent and late rows, with errors and with a colleague's conflicts, in both languages.

class ReporterTexts(Texts):
    def __init__(self, round_):
        super().__init__(round_)
        self.comment = escape(_("Kommentar fra Økonomi og Styring:"))
        self.economy_send = escape(_("Regnskab og indsendelse"))
        self.send = _("Indsend %(n)s")
        self.not_started, self.late = escape(_("Ikke påbegyndt")), escape(_("indsendt efter fristen"))


def _field_errors(field):
    """A field's messages under the id its input's aria-describedby names (the reporter's row template's form)."""
    if not field.errors:
        return ""
    messages = "".join(f'<p class="text-danger small mb-0">{escape(e)}</p>' for e in field.errors)
    return f'<div id="{escape(field.auto_id)}_error">{messages}</div>'


def submission_state(submission, texts):
    """A row's reporting state with who and when (and "late"); None: not started (_submission_state.html)."""
    if submission is None:
        return f'<span class="submission-state submission-not_started">{texts.not_started}</span>'
    out = (f'<span class="submission-state submission-{escape(submission.state)}">'
           f'{escape(submission.get_state_display())}</span>')
    if submission.changed_by:
        out += " · " + escape(submission.changed_by.get_full_name() or submission.changed_by.username)
    if submission.changed_at:
        when = timezone.localtime(submission.changed_at)
        out += f", {escape(formatting.danish_date(when))} {when:%H:%M}"
    if submission.late:
        out += f" · <strong>{texts.late}</strong>"
    return out


def reporter_heading_cell(view):
    row, t = view.row, view.texts
    submission = getattr(row, "submission", None)
    milestone_text = linebreaksbr(row.milestone.text or t.no_milestone, autoescape=True)
    comment = ""
    if submission is not None and (submission.state == "returned"
                                   or submission.comment and submission.state == "draft"):
        comment = (f'<span class="d-block small fw-normal alert alert-warning p-1 mt-1 mb-0" role="note"><strong>'
                   f'{t.comment}</strong> {escape(submission.comment)}</span>')
    return (f'<th scope="row" class="milestone-text"><span class="d-block">{view.number}. '
            f'{escape(row.initiative.title)}</span>\n<span class="fw-normal">{milestone_text}</span>\n'
            f'<span class="d-block small fw-normal mt-1">\n{submission_state(submission, t)}\n</span>\n'
            f'{comment}\n{view.field("milestone_version")}{view.field("economy_version")}</th>')


def reporter_milestone_cell(view):
    row, t, conflict = view.row, view.texts, view.milestone_conflict
    field = view.field("milestone_smiley")
    css = "conflict" if conflict or field.errors else ""
    if row.milestone.text:
        legend = t.milestone_legend % {"n": view.number}
        choice = f'\n<fieldset><legend class="visually-hidden">{legend}</legend>{field}</fieldset>\n'
    else:
        choice = "–"
    previous = ""
    if row.previous_milestone:
        previous = f'<p class="previous mb-0">{t.previous} {smiley(row.previous_milestone.smiley, "milestone")}</p>'
        if row.previous_milestone.status_text:
            previous += (f'<p class="previous small mb-0">'
                         f'{escape(truncatewords(row.previous_milestone.status_text, 30))}</p>')
    changed = ""
    if conflict:
        changed = (f'<p class="text-danger small mb-0" role="alert">{_changed_by(conflict, t)} '
                   f'{smiley(conflict.current.smiley, "milestone")} {escape(conflict.current.status_text)}</p>')
    return (f'<td data-label="{t.milestone}" class="{css}">\n{choice}\n{previous}\n{changed}\n'
            f'{_field_errors(field)}\n</td>')


def reporter_economy_cell(view):
    row, form, t, conflict = view.row, view.form, view.texts, view.economy_conflict
    field = view.field("economy_smiley")
    css = "conflict" if conflict or field.errors else ""
    legend = t.economy_legend % {"n": view.number}
    set_aside = escape(formatting.million_kr(row.set_aside)) if row.set_aside is not None else ""
    previous = ""
    if row.previous_economy:
        previous = f'<p class="previous mb-0">{t.previous} {smiley(row.previous_economy.smiley, "economy")}</p>'
    confirm = ""
    if getattr(form, "needs_confirmation", False):
        box = view.field("confirm_contradiction")
        confirm = (f'<div class="form-check">{box}<label class="form-check-label" '
                   f'for="{escape(box.id_for_label)}">{escape(box.label)}</label></div>')
    changed = ""
    if conflict:
        changed = (f'<p class="text-danger small mb-0" role="alert">{_changed_by(conflict, t)} '
                   f'{smiley(conflict.current.smiley, "economy")}</p>')
    return (f'<td data-label="{t.economy}" class="{css}">\n'
            f'<fieldset><legend class="visually-hidden">{legend}</legend>{field}</fieldset>\n'
            f'<p class="small mb-0 mt-1">{t.set_aside}: {set_aside or "–"}</p>\n{previous}\n'
            f'{_field_errors(field)}\n{confirm}\n{changed}\n</td>')


def reporter_send_cell(view):
    t = view.texts
    field = view.field("expected_spending")
    css = "conflict" if field.errors else ""
    pk = int(view.row.initiative.pk)
    send = t.send % {"n": view.number}
    return (f'<td data-label="{t.economy_send}" class="{css}">\n'
            f'<label class="form-label small" for="{escape(field.id_for_label)}">{t.expected}'
            f'<span class="visually-hidden">, {view.number}</span></label>\n{field}\n{_field_errors(field)}\n'
            f'<div class="form-check mt-2"><input class="form-check-input" type="checkbox" name="i{pk}-send" '
            f'value="1" id="send-{pk}"><label class="form-check-label" for="send-{pk}">{send}</label></div>\n</td>')


REPORTER_COLUMNS = [
    Column(lambda: _("Indsats og milepæl"), reporter_heading_cell),
    Column(lambda: _("Milepæl"), reporter_milestone_cell),
    Column(lambda: _("Økonomi"), reporter_economy_cell),
    Column(lambda: _("Status"), status_cell),
    Column(lambda: _("Regnskab og indsendelse"), reporter_send_cell),
]


def reporter_rows(grid):
    """The reporter's table body: one row per initiative of their grid.RoundGrid (each form's row carries its
    `submission`)."""
    texts = ReporterTexts(grid.round)
    out = []
    for form, milestone_conflict, economy_conflict in grid.rows():
        view = RowView(form, milestone_conflict, economy_conflict, texts)
        cells = "\n".join(column.cell(view) for column in REPORTER_COLUMNS)
        out.append(f'\n<tr id="row-{int(form.row.initiative.pk)}">\n{cells}\n</tr>\n')
    return mark_safe("".join(out))
