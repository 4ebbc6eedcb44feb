"""The forecast's forms: a forecast's name and status, a coverage scenario's rates, a planned change to places, the
districts' codes. Numbers are read the Danish way (35,5) and the English way (35.5) alike."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from dagtilbud.forms import RequiredChoices
from districts.models import Committee, District, Institution

from . import forecast as f
from .models import CareType, PlannedChange, PopulationForecast

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ForecastForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = PopulationForecast
        fields = ["name", "made_on", "source", "is_current"]
        widgets = {"made_on": DATE}
        help_texts = {"is_current": _("Siden, PDF'en og regnearket viser den gældende prognose. Gøres denne "
                                      "gældende, er den forrige det ikke længere.")}


class PercentField(forms.CharField):
    def to_python(self, value):
        value = (super().to_python(value) or "").strip().rstrip("%").strip().replace(",", ".")
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{1,3}(\.\d)?", value):
                raise InvalidOperation
            number = Decimal(value)
        except InvalidOperation:
            raise forms.ValidationError(_("Skriv en procent mellem 0 og 100 med højst én decimal, fx 35,5."),
                                        code="invalid") from None
        if number > 100:
            raise forms.ValidationError(_("En dækningsgrad er mellem 0 og 100 %."), code="range")
        return number


def rate_field(age, care):
    return f"rate_{age}_{care}"


RATE_CELLS = [(age, care) for care in f.CARE_TYPES for age in f.CARE_AGES[care]]


class ScenarioForm(VersionMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=100)
    note = forms.CharField(label=_("Forudsætninger"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CareType.choices)
        for age, care in RATE_CELLS:
            self.fields[rate_field(age, care)] = PercentField(
                label=_("%(care)s, %(age)d år (%%)") % {"care": labels[care], "age": age},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))

    def rate_rows(self):
        """The rate fields per age, a column per care type (None where the care type does not take the age)."""
        return [(age, [self[rate_field(age, care)] if age in f.CARE_AGES[care] else None for care in f.CARE_TYPES])
                for age in f.AGES]

    @property
    def rates(self):
        return {(age, care): (self.cleaned_data[rate_field(age, care)] if age in f.CARE_AGES[care] else Decimal(0))
                for age in f.AGES for care in f.CARE_TYPES}


class PlannedChangeForm(RequiredChoices, VersionMixin, forms.ModelForm):
    class Meta:
        model = PlannedChange
        fields = ["kind", "district", "institution", "new_name", "care_type", "places", "effective_from", "note"]
        widgets = {"effective_from": DATE, "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["institution"].queryset = Institution.objects.select_related("district").order_by(
            "district__name", "name")
        self.fields["institution"].label_from_instance = lambda i: f"{i.name} ({i.district.name})"
        self.fields["kind"].choices = PlannedChange.Kind.choices


class DistrictCodesForm(forms.Form):
    def __init__(self, *args, districts, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = districts
        for district in districts:
            self.fields[f"code_{district.pk}"] = forms.CharField(
                label=district.name, max_length=20, required=False, initial=codes.get(district.pk, ""))

    def clean(self):
        seen = {}
        names = {d.name.strip().lower(): d for d in self.districts}
        for district in self.districts:
            code = (self.cleaned_data.get(f"code_{district.pk}") or "").strip()
            if code and code.lower() in seen:
                self.add_error(f"code_{district.pk}", _("Koden bruges allerede af %(name)s.") % {
                    "name": seen[code.lower()].name})
            elif code and code.lower() in names and names[code.lower()] != district:
                self.add_error(f"code_{district.pk}", _("Koden er et andet distrikts navn."))
            seen[code.lower()] = district
        return self.cleaned_data

    @property
    def codes(self):
        return {d: (self.cleaned_data.get(f"code_{d.pk}") or "").strip() for d in self.districts}


class ForecastSendForm(RequiredChoices, forms.Form):
    """The committee a version of the PDF is sent to: the only one when there is one, else chosen."""

    committee = forms.ModelChoiceField(label=_("Udvalg"), queryset=Committee.objects.all())
