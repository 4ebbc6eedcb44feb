from django import forms
from django.utils.translation import gettext_lazy as _

from dagtilbud.formatting import danish_date
from dagtilbud.forms import RequiredChoices
from dagtilbud.uploads import UploadValidator

from .models import Action, Evaluation, Goal, Recommendation, StatusUpdate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EvaluationForm(forms.ModelForm):
    # The version this form was loaded with; a save based on an older one, or on none, is refused as stale (see
    # dagtilbud/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Evaluation
        fields = ["title", "carried_out_by", "period", "commissioned_by", "background", "conclusion", "status_intro",
                  "report_file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_file"].validators.append(UploadValidator(kinds=["pdf"]))
        self.fields["version"].initial = self.instance.version


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.evaluation = evaluation


class RecommendationForm(RequiredChoices, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["kind", "text", "goals", "districts"]
        widgets = {"goals": forms.CheckboxSelectMultiple, "districts": forms.CheckboxSelectMultiple,
                   "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.evaluation = evaluation
        self.fields["goals"].queryset = evaluation.goals.all()


class StatusForm(RequiredChoices, forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = ["as_of", "assessment", "text"]
        widgets = {"as_of": DATE, "assessment": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 5})}


class ActionForm(RequiredChoices, forms.ModelForm):
    """An administrator's form: every field of an action."""

    # The version this form was loaded with; a save based on an older one, or on none, is refused as stale (see
    # dagtilbud/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Why the action moved: kept with the change in the action's history (simple-history's change reason, whose
    # column holds 100 characters), not on the action, so an old note never speaks for a later change.
    note = forms.CharField(label=_("Note til ændringen"), max_length=100, required=False,
                           help_text=_("Valgfri: hvorfor du ændrer handlingen, fx “Udskudt: afventer ny normering”. "
                                       "Noten står i handlingens historik."))

    class Meta:
        model = Action
        fields = ["recommendation", "text", "owner_district", "owner_name", "due_date", "expires_on", "state",
                  "obligation"]
        widgets = {"due_date": DATE, "expires_on": DATE, "text": forms.Textarea(attrs={"rows": 2}),
                   "obligation": forms.RadioSelect}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.evaluation = evaluation
        self.fields["version"].initial = self.instance.version
        if "recommendation" in self.fields:
            self.fields["recommendation"].queryset = evaluation.recommendations.all()


class ActionProgressForm(ActionForm):
    """A district leader's form for an action their district owns: how far it is, and by when."""

    class Meta(ActionForm.Meta):
        fields = ["state", "due_date"]

    def clean(self):
        # The expiry date is not on this form, so the form's own model validation leaves out the constraint that
        # ties the two dates; checked here, it gets a message on the field instead of failing in the service.
        data = super().clean()
        due, expires = data.get("due_date"), self.instance.expires_on
        if due and expires and due > expires:
            self.add_error("due_date", _("Fristen kan ikke ligge efter handlingens udløbsdato, %(date)s.") % {
                "date": danish_date(expires)})
        return data
