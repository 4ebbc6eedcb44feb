from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ASPECTS, ATTACHMENT_FILE, PLAN_FILE, Section

SEND_REQUIRED = _("Skal udfyldes, før evalueringen sendes.")


class PlanForm(forms.Form):
    plan_date = forms.DateField(label=_("Læreplanens dato"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("Læreplanen som PDF"), required=False, validators=[PLAN_FILE],
                           help_text=_("En PDF på højst 10 MB. Eller skriv læreplanen i feltet nedenfor."))
    text = forms.CharField(label=_("Læreplanen som tekst"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Upload læreplanen som PDF, eller skriv den som tekst."))
        return data


class EvaluationForm(forms.Form):
    """The ten sections' three answers each. Pressing "send" asks that all are filled in: the empty ones are marked
    at their fields and nothing is saved."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, evaluation, sending=False, **kwargs):
        initial = {f"{part.section}_{aspect}": getattr(part, aspect)
                   for part in evaluation.parts.all() for aspect, _l, _h in ASPECTS}
        initial["version"] = evaluation.version
        super().__init__(*args, initial=initial, **kwargs)
        self.sending = sending
        for section in Section:
            for aspect, label, help_text in ASPECTS:
                # The label names the section too (the error summary lists fields from every section); the page
                # shows the aspect under the section's legend.
                self.fields[f"{section.value}_{aspect}"] = forms.CharField(
                    label=f"{section.label}: {label}", help_text=help_text, required=False,
                    widget=forms.Textarea(attrs={"rows": 3}))

    def sections(self):
        """[(section value, title, [(bound field, aspect label)])] for the template's fieldsets."""
        return [(section.value, section.label,
                 [(self[f"{section.value}_{aspect}"], label) for aspect, label, _h in ASPECTS]) for section in Section]

    def texts(self):
        return {(section, aspect): self.cleaned_data.get(f"{section}_{aspect}", "")
                for section in Section.values for aspect, _l, _h in ASPECTS}

    def clean(self):
        data = super().clean()
        if self.sending:
            for section in Section:
                for aspect, _label, _help in ASPECTS:
                    name = f"{section.value}_{aspect}"
                    if not (data.get(name) or "").strip():
                        self.add_error(name, SEND_REQUIRED)
        return data

    def mark_missing(self, missing):
        for section, aspect in missing:
            self.add_error(f"{section}_{aspect}", SEND_REQUIRED)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Hvad skal rettes?"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Den pædagogiske leder ser bemærkningen og får besked."))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fil"), validators=[ATTACHMENT_FILE],
                           help_text=_("PDF, Word, Excel, PNG eller JPEG på højst 10 MB."))
    description = forms.CharField(label=_("Beskrivelse"), max_length=300, required=False)
