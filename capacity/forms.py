import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from dagtilbud import formatting
from dagtilbud.concurrency import stale_who

from .models import AgeGroup

MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")


class MonthField(forms.CharField):
    """A month as the browser's month input sends it ("2026-03"); cleaned to the first day of the month."""

    widget = forms.TextInput(attrs={"type": "month", "class": "form-control"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH_RE.fullmatch(value.strip())
        try:
            if not match:
                raise ValueError
            return datetime.date(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise forms.ValidationError(_("Skriv måneden som 2026-03."), code="invalid") from None

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


def field_name(kind, age_group):
    return f"{kind}_{AgeGroup(age_group).name.lower()}"


class MonthForm(forms.Form):
    """A month of an institution: places and children for each age group it has (empty: not this group)."""

    month = MonthField(label=_("Måned"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            label = group.label
            self.fields[field_name("places", group)] = forms.IntegerField(
                label=_("%(group)s: godkendte pladser") % {"group": label}, min_value=0, max_value=10000,
                required=False)
            self.fields[field_name("children", group)] = forms.IntegerField(
                label=_("%(group)s: indskrevne børn") % {"group": label}, min_value=0, max_value=10000,
                required=False)
            self.fields[field_name("version", group)] = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        self.figures, self.seen_versions = {}, {}
        for group in self.groups:
            places = data.get(field_name("places", group))
            children = data.get(field_name("children", group))
            if places is None and children is None:
                continue
            if places is None:
                self.add_error(field_name("places", group), _("Angiv de godkendte pladser."))
                continue
            if children is None:
                self.add_error(field_name("children", group), _("Angiv antallet af indskrevne børn."))
                continue
            if children and not places:
                self.add_error(field_name("places", group), _("Der kan ikke være børn uden godkendte pladser."))
                continue
            self.figures[group] = (places, children)
            self.seen_versions[group] = data.get(field_name("version", group)) or 0
        if not self.errors and not self.figures:
            raise forms.ValidationError(_("Udfyld mindst én aldersgruppe."))
        return data

    def refuse_stale(self, stale, records):
        """Nothing was saved: say so, and show beside each age group what is stored now where it differs from what
        the user sent. The form then carries the stored versions of the month (`records`), so saving again is a
        choice made knowing the other person's figures."""
        who = stale_who(stale)
        if stale.current is None:
            self.add_error(None, _("Intet er gemt: %(who)s har ændret måneden, mens du arbejdede. Hent måneden igen, "
                                   "og ret til.") % {"who": who})
        else:
            self.add_error(None, _("Intet er gemt: %(who)s har registreret %(group)s for måneden, mens du arbejdede: "
                                   "%(places)s og %(children)s. Ret til, og gem igen.") % {
                "who": who, "group": AgeGroup(stale.current.age_group).label,
                "places": formatting.places(stale.current.places),
                "children": formatting.children(stale.current.children)})
        stored = {record.age_group: record for record in records}
        self.data = self.data.copy()
        for group in self.groups:
            record = stored.get(group.value)
            self.data[self.add_prefix(field_name("version", group))] = record.version if record else 0
            if group not in self.figures:
                continue  # left empty: this save would not have touched it
            for kind, sent in zip(("places", "children"), self.figures[group], strict=False):
                value = getattr(record, kind) if record else None
                if sent != value:
                    self.add_error(field_name(kind, group), _("Gemt af den anden: %(value)s") % {
                        "value": "–" if value is None else value})
