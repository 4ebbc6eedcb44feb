from django import forms
from django.forms import modelformset_factory
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _

from dagtilbud.forms import RequiredChoices

from . import selectors
from .models import (
    Order,
    OrderFollowUp,
    QualityDimension,
    QualityLevel,
    SelfAssessmentQuestion,
    SupervisionSettings,
    SupervisionVisit,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def level_field_name(dimension):
    return f"niveau_{dimension.pk}"


def note_field_name(dimension):
    return f"note_{dimension.pk}"


class VisitForm(RequiredChoices, forms.ModelForm):
    """A visit and, per dimension in use, the supervisor's level and reasons."""

    # The version this form was loaded with; a save based on an older one, or on none, is refused as stale (see
    # dagtilbud/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SupervisionVisit
        fields = ["visit_date", "kind", "announced", "ordinary", "supervisor", "state", "findings", "remarks",
                  "recommendations"]
        widgets = {"visit_date": DATE, "state": forms.RadioSelect, "findings": forms.Textarea(attrs={"rows": 4}),
                   "remarks": forms.Textarea(attrs={"rows": 3}),
                   "recommendations": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, institution, dimensions, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institution = institution
        self.fields["version"].initial = self.instance.version
        self.dimensions = dimensions
        current = {a.dimension_id: a for a in self.instance.assessments.all()} if self.instance.pk else {}
        for dimension in dimensions:
            assessment = current.get(dimension.pk)
            # Escaped here: form templates (Django's and crispy's) print help texts with |safe, since they are
            # normally the programmer's own; a dimension's description is typed by an administrator.
            self.fields[level_field_name(dimension)] = forms.ModelChoiceField(
                levels, required=False, label=_("%(name)s: vurdering") % {"name": dimension.name},
                help_text=conditional_escape(dimension.description), widget=forms.RadioSelect, empty_label=None,
                initial=assessment.level_id if assessment else None)
            self.fields[note_field_name(dimension)] = forms.CharField(
                required=False, label=_("%(name)s: begrundelse") % {"name": dimension.name},
                widget=forms.Textarea(attrs={"rows": 2}), initial=assessment.note if assessment else "")

    def assessments(self):
        """dimension -> (level, note) for each dimension given a level."""
        return {d: (self.cleaned_data[level_field_name(d)], self.cleaned_data[note_field_name(d)])
                for d in self.dimensions if self.cleaned_data.get(level_field_name(d))}


class DistrictFilter(forms.Form):
    """?distrikt=<id>: one district's houses on the overview; anything else is no filter."""

    distrikt = forms.TypedChoiceField(label=_("Distrikt"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {d.pk: d for d in districts}
        self.fields["distrikt"].choices = [("", _("Dem, der kræver opmærksomhed"))] + [
            (d.pk, d.name) for d in districts]
        self.fields["distrikt"].widget.attrs["class"] = "form-select form-select-sm"

    def district(self):
        if self.is_bound and self.is_valid():
            return self.by_pk.get(self.cleaned_data["distrikt"])
        return None


class OrderForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = ["text", "due_date"]
        widgets = {"due_date": DATE, "text": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = OrderFollowUp
        fields = ["text", "closes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, may_close, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_close:
            del self.fields["closes"]


class SelfAssessmentForm(forms.Form):
    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"svar_{question.pk}"] = forms.CharField(
                label=question.text, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                initial=answers.get(question.pk, ""))

    def answers(self):
        return {q: self.cleaned_data[f"svar_{q.pk}"] for q in self.questions}


NUMBER = forms.NumberInput(attrs={"class": "form-control form-control-sm input-number"})
TEXT = forms.TextInput(attrs={"class": "form-control form-control-sm"})
CHECK = forms.CheckboxInput(attrs={"class": "form-check-input"})

LevelFormSet = modelformset_factory(
    QualityLevel, fields=["rank", "name", "interval_months", "follow_up_months"], extra=1, can_delete=False,
    widgets={"rank": NUMBER, "name": TEXT, "interval_months": NUMBER, "follow_up_months": NUMBER})
DimensionFormSet = modelformset_factory(
    QualityDimension, fields=["position", "name", "description", "active"], extra=1, can_delete=False,
    widgets={"position": NUMBER, "name": TEXT, "description": TEXT, "active": CHECK})
QuestionFormSet = modelformset_factory(
    SelfAssessmentQuestion, fields=["position", "text", "active"], extra=1, can_delete=False,
    widgets={"position": NUMBER, "text": TEXT, "active": CHECK})
# One row: a formset of at most one form, so that it is saved with the rest of the settings (services.settings_save).
UnitFormSet = modelformset_factory(
    SupervisionSettings, fields=["unit"], extra=1, max_num=1, can_delete=False, widgets={"unit": TEXT})


class SettingsForms:
    """The settings page: three formsets saved together (services.settings_save), and the fingerprint of the
    settings they were loaded from, which the page carries so that a save based on settings a colleague has changed
    since is refused as a whole."""

    STALE = _("Intet er gemt: en anden har ændret indstillingerne, mens du arbejdede. Siden viser nu de gældende "
              "indstillinger; ret til igen.")

    def __init__(self, data=None):
        self.formsets = {
            "levels": LevelFormSet(data, prefix="niveau", queryset=QualityLevel.objects.all()),
            "dimensions": DimensionFormSet(data, prefix="dimension", queryset=QualityDimension.objects.all()),
            "questions": QuestionFormSet(data, prefix="spoergsmaal", queryset=SelfAssessmentQuestion.objects.all()),
            "unit": UnitFormSet(data, prefix="enhed", queryset=SupervisionSettings.objects.order_by("pk")),
        }
        self.fingerprint = data.get("fingerprint", "") if data is not None else selectors.settings_fingerprint()
        self.is_stale = False

    def is_valid(self):
        # Checked before the formsets are read: rows a colleague renamed or added would otherwise show as errors in
        # forms this person never saw. services.settings_save checks again under lock, for a save at the same moment.
        if self.fingerprint != selectors.settings_fingerprint():
            self.is_stale = True
            return False
        return all(formset.is_valid() for formset in self.formsets.values())
