"""What the apps' forms share."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Django's blank choice, which reads as nothing to a person and fails as "required" when saved as it came.
BLANK = ""


class RequiredChoices:
    """Required choices never offer Django's "---------": a choice that has a value (the saved one, or a default)
    or only one option shows just its options, with that one chosen; a radio group offers no blank button (none is
    checked until the person chooses); a list with several options and no sensible default opens on "Vælg …", so
    saving it at once says in Danish that the field must be filled in.

    Settled when the form is first read (rendered or validated), after every __init__ down the class hierarchy has
    set its fields' querysets and defaults: a mixin's own __init__ would run before a subclass's defaults."""

    choose_label = _("Vælg …")
    _choices_settled = False

    def __getitem__(self, name):
        if not self._choices_settled:
            self._choices_settled = True
            self._settle_required_choices()
        return super().__getitem__(name)

    def _settle_required_choices(self):
        for name, field in self.fields.items():
            if (not field.required or field.disabled or isinstance(field, forms.MultipleChoiceField)
                    or isinstance(field, forms.ModelMultipleChoiceField)
                    or not isinstance(field, (forms.ChoiceField, forms.ModelChoiceField))):
                continue
            if self.is_bound:
                value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            else:
                value = self.get_initial_for_field(field, name)
            radio = isinstance(field.widget, forms.RadioSelect)
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is None:
                    continue
                if value in (None, BLANK) and not radio:
                    options = list(field.queryset[:2])
                    if len(options) == 1 and not self.is_bound:
                        field.initial = self.initial[name] = options[0].pk
                        value = options[0].pk
                field.empty_label = None if radio or value not in (None, BLANK) else self.choose_label
            else:
                choices = list(field.choices)
                options = [(key, label) for key, label in choices if key != BLANK]
                if len(options) == len(choices):
                    continue
                if value in (None, BLANK) and not radio and len(options) == 1 and not self.is_bound:
                    field.initial = self.initial[name] = options[0][0]
                    value = options[0][0]
                if radio or value not in (None, BLANK):
                    field.choices = options
                else:
                    field.choices = [(BLANK, self.choose_label), *options]
