from django import forms

from districts.roles import roles_of

from .models import Delivery, Kind


def kinds_for(user):
    """The kinds of notice that can reach this user, by their roles (the sources send each kind to these roles)."""
    roles = roles_of(user)
    kinds = []
    if roles.is_committee_member:
        kinds += [Kind.REPORT_READY, Kind.FORECAST_SENT]
    if roles.is_district_leader:
        kinds.append(Kind.SMILEY_CHANGES)
    if roles.is_administrator:
        kinds += [Kind.ROUND_DUE, Kind.REPORT_FAILED]
    if roles.is_district_leader or roles.is_administrator:
        kinds.append(Kind.ACTION_DEADLINE)
    if roles.is_district_leader or roles.is_pedagogical_leader:
        kinds.append(Kind.SUPERVISION)
    return kinds


class PreferencesForm(forms.Form):
    """One choice per kind of notice that can reach the user, showing what they chose before (e-mail if nothing)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        current = dict(user.notice_preferences.values_list("kind", "delivery"))
        for kind in self.kinds:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect,
                initial=current.get(kind.value, Delivery.EMAIL))

    def choices(self):
        return {kind.value: self.cleaned_data[kind.value] for kind in self.kinds}
