from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from dagtilbud.forms import RequiredChoices

from .models import Institution, Municipality, Role


class UserCreateForm(UserCreationForm):
    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]
        labels = {"username": _("Brugernavn"), "first_name": _("Fornavn"), "last_name": _("Efternavn"),
                  "email": _("E-mail")}


class RoleForm(RequiredChoices, forms.ModelForm):
    class Meta:
        model = Role
        fields = ["kind", "district", "institution", "committee", "center"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user
        self.fields["institution"].queryset = Institution.objects.select_related("district")
        self.fields["district"].help_text = _("Kun for distriktsledere.")
        self.fields["institution"].help_text = _("Kun for pædagogiske ledere.")
        self.fields["committee"].help_text = _("Kun for udvalgsmedlemmer.")
        self.fields["center"].help_text = _("Kun for indberettere: de indberetter for centrets indsatser.")


class MunicipalityForm(forms.ModelForm):
    # The version this form was loaded with; a save based on an older one, or on none, is refused as stale (see
    # dagtilbud/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Municipality
        fields = ["name", "unit", "span_of_control_limit", "utilisation_low", "utilisation_high",
                  "reporting_reminder_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        # Added with reporting (#30): a form posted without it keeps the stored number.
        self.fields["reporting_reminder_days"].required = False

    def clean_reporting_reminder_days(self):
        days = self.cleaned_data.get("reporting_reminder_days")
        return self.instance.reporting_reminder_days if days is None else days
