"""The round's grid: a row form per initiative (milestone smiley, economy smiley, status text, expected spending)
and RoundGrid, the whole grid: its changes for services.round_save_grid and the conflicts it shows."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from dagtilbud.smileys import ECONOMY_CHOICES, MILESTONE_CHOICES
from dagtilbud.widgets import PlainCheckboxInput, PlainHiddenInput, PlainTextarea, PlainTextInput, SmileyRadioSelect

from . import selectors, services
from .forms import DanishAmountField


class SmileyField(forms.ChoiceField):
    """A smiley's choice on the grid. Its choices are constants: each of the forty row forms shares them rather than
    deep-copying their lazy translations (most of the forms' cost, profiled 2026-12-07)."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class GridRowForm(forms.Form):
    """One initiative's cells in a round's grid. The *_version fields carry the versions the user saw."""

    milestone_smiley = SmileyField(
        label=_("Smiley for milepæl"), choices=[("", _("Ingen"))] + MILESTONE_CHOICES, required=False,
        widget=SmileyRadioSelect("milestone"), show_hidden_initial=True,
    )
    status_text = forms.CharField(label=_("Status"), required=False,
                                  widget=PlainTextarea(attrs={"rows": 3, "class": "form-control"}),
                                  show_hidden_initial=True)
    economy_smiley = SmileyField(
        label=_("Smiley for økonomi"), choices=[("", _("Ingen"))] + ECONOMY_CHOICES, required=False,
        widget=SmileyRadioSelect("economy"), show_hidden_initial=True,
    )
    # Hidden initials: a cell counts as changed against what this user saw, not against what is stored now,
    # so rows someone else saved meanwhile are not sent back as stale changes.
    expected_spending = DanishAmountField(
        label=_("Forventet regnskab"), required=False, show_hidden_initial=True,
        widget=PlainTextInput(attrs={"class": "form-control form-control-sm", "inputmode": "decimal"}),
    )
    confirm_contradiction = forms.BooleanField(
        label=_("Ja, smileyen er rigtig"), required=False,
        widget=PlainCheckboxInput(attrs={"class": "form-check-input"})
    )
    # Not required: a row sent without its versions is refused by the service as stale, with the current values
    # shown, rather than as a form error on a field nobody can see.
    milestone_version = forms.IntegerField(widget=PlainHiddenInput, required=False)
    economy_version = forms.IntegerField(widget=PlainHiddenInput, required=False)

    MILESTONE_FIELDS = {"milestone_smiley": "smiley", "status_text": "status_text"}
    ECONOMY_FIELDS = {"economy_smiley": "smiley", "expected_spending": "expected_spending"}

    def __init__(self, *args, row, **kwargs):
        self.row = row
        initial = {
            "milestone_smiley": row.milestone.smiley,
            "status_text": row.milestone.status_text,
            "economy_smiley": row.economy.smiley,
            "expected_spending": row.economy.expected_spending,
            "milestone_version": row.milestone.version,
            "economy_version": row.economy.version,
        }
        super().__init__(*args, initial=initial, prefix=f"i{row.initiative.pk}", **kwargs)
        if not row.milestone.text:
            # No milestone this round: nothing to give a smiley.
            self.fields["milestone_smiley"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("milestone_smiley") and not self.row.milestone.text:
            self.add_error("milestone_smiley", _("Indsatsen har ingen milepæl i denne opfølgning."))
        # Against the budget the economy table measures with (an earlier round's approved change stays in force), and
        # over it as the deviation means it (a saving not fully achieved is over budget too).
        deviation = selectors.spending_deviation(
            data.get("expected_spending"), selectors.budget_in_force(self.row, self.row.economy.round.number))
        if (data.get("economy_smiley") == "green" and deviation is not None and deviation[0] > 0
                and not data.get("confirm_contradiction")):
            self.add_error(
                "economy_smiley",
                _("Forventet regnskab overstiger budgettet, men smileyen er grøn. Bekræft smileyen, eller vælg rød."),
            )
            self.needs_confirmation = True
        return data

    def changes(self):
        """({model field: value} for the milestone, the same for economy), only what the user changed."""
        changed = set(self.changed_data)
        milestone = {m: self.cleaned_data[f] for f, m in self.MILESTONE_FIELDS.items() if f in changed}
        economy = {m: self.cleaned_data[f] for f, m in self.ECONOMY_FIELDS.items() if f in changed}
        return milestone, economy


class _SharedWidgets(dict):
    """The grid's fields, copied for each of its forty forms without deep-copying their widgets (Django's way, a
    tenth of the grid's time): a form changes only its own field's attributes (`disabled`), never a widget."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


GridRowForm.base_fields = _SharedWidgets(GridRowForm.base_fields)
for _field in GridRowForm.base_fields.values():
    _field.hidden_widget = PlainHiddenInput  # the hidden initials (see dagtilbud/widgets.py)


class RoundGrid:
    """A round's whole grid: a GridRowForm per initiative, the changes to save (services.round_save_grid), and,
    when a colleague saved some cells since this person loaded the page, those cells marked with the colleague's
    values while this person's input is kept."""

    def __init__(self, round_, data=None, only=None, rows=None):
        self.round = round_
        self.data = data
        self.only = only  # initiative ids: a reporter's grid holds only their centre's rows they may still change
        # The rows as selectors.round_rows(round_, every_round=False) reads them, when the view has them already.
        self._read = rows
        self.forms = [GridRowForm(data, row=row) for row in self._rows()]
        self.conflicts = {}  # (initiative id, "milestone" or "economy") -> services.Conflict

    def _rows(self):
        if self._read is None:
            self._read = selectors.round_rows(self.round, every_round=False)
        rows = self._read
        return rows if self.only is None else [row for row in rows if row.initiative.pk in self.only]

    def is_valid(self):
        return all([form.is_valid() for form in self.forms])

    def changes(self):
        """The rows this person changed, with the versions they saw."""
        changes = []
        for form in self.forms:
            milestone, economy = form.changes()
            if milestone or economy:
                changes.append(services.CellChange(
                    initiative_id=form.row.initiative.pk, milestone_version=form.cleaned_data["milestone_version"],
                    economy_version=form.cleaned_data["economy_version"], milestone=milestone, economy=economy))
        return changes

    def show_conflicts(self, conflicts):
        """Mark the cells someone else saved meanwhile, and base a new save on their current versions."""
        self.conflicts = {(c.initiative.pk, c.what): c for c in conflicts}
        data = self.data.copy()
        for (initiative_id, what), conflict in self.conflicts.items():
            data[f"i{initiative_id}-{what}_version"] = conflict.current.version
        self.data = data
        self._read = None  # read again: the colleague's values are the rows' now
        self.forms = [GridRowForm(data, row=row) for row in self._rows()]
        self.is_valid()

    @property
    def has_errors(self):
        return any(form.errors for form in self.forms)

    def rows(self):
        """(form, the milestone's conflict or None, the economy's conflict or None) per initiative."""
        return [(form, self.conflicts.get((form.row.initiative.pk, "milestone")),
                 self.conflicts.get((form.row.initiative.pk, "economy"))) for form in self.forms]
