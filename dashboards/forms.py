from django import forms
from django.utils.translation import gettext_lazy as _


class YearFilter(forms.Form):
    """A GET filter: the choice stays in the URL, so a view can be bookmarked and shared."""

    aar = forms.TypedChoiceField(label=_("År"), coerce=int, required=False,
                                 widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aar"].choices = [(y, y) for y in years]

    def year(self, default):
        return (self.cleaned_data.get("aar") or default) if self.is_valid() else default


class AgreementFilter(forms.Form):
    aftale = forms.ModelChoiceField(label=_("Budgetaftale"), queryset=None, required=False, empty_label=None,
                                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aftale"].queryset = agreements

    def agreement(self, default):
        return (self.cleaned_data.get("aftale") or default) if self.is_valid() else default


class ActionStateFilter(forms.Form):
    """Which actions the dashboard's last list shows: the other open ones (those without a date that needs
    attention now, which stand in their own groups above) or the finished ones."""

    STATES = [("open", _("Øvrige åbne")), ("done", _("Gennemførte")), ("dropped", _("Opgivne")),
              ("closed", _("Gennemførte og opgivne"))]

    handlinger = forms.ChoiceField(label=_("Vis handlinger"), choices=STATES, required=False,
                                   widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def state(self):
        return (self.cleaned_data.get("handlinger") or "open") if self.is_valid() else "open"

    def label(self):
        return dict(self.STATES)[self.state()]
