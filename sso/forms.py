from django import forms
from django.utils.translation import gettext_lazy as _

from dagtilbud.forms import RequiredChoices
from districts.models import Institution

from .models import GroupRoleMapping


class GroupRoleMappingForm(RequiredChoices, forms.ModelForm):
    class Meta:
        model = GroupRoleMapping
        fields = ["group", "kind", "district", "institution", "committee", "center"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.select_related("district")
        self.fields["district"].help_text = _("Kun for distriktsledere.")
        self.fields["institution"].help_text = _("Kun for pædagogiske ledere.")
        self.fields["committee"].help_text = _("Kun for udvalgsmedlemmer.")
        self.fields["center"].help_text = _("Kun for indberettere: de indberetter for centrets indsatser.")

    def clean_group(self):
        group = self.cleaned_data["group"].strip()
        if not group:
            raise forms.ValidationError(_("Skriv gruppens værdi, som identitetsudbyderen sender den."))
        return group
