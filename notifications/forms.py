from django import forms

from .models import Delivery


class PreferencesForm(forms.Form):
    """One choice per kind of notice that concerns the user."""

    def __init__(self, *args, kinds, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect,
                initial=current.get(kind.value, Delivery.EMAIL))

    def choices(self):
        return {kind.value: self.cleaned_data[kind.value] for kind in self.kinds}
