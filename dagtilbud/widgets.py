"""Form widgets shared by the apps."""

from django import forms

from . import smileys


class SmileyRadioSelect(forms.RadioSelect):
    """Radio buttons whose labels are the smiley's face and words, as everywhere else: never colour alone.

    Arrow keys move between the choices of one group, Tab to the next field (the browser's own radio behaviour).
    """

    template_name = "widgets/smiley_radio.html"

    def __init__(self, scale, attrs=None):
        super().__init__(attrs)
        self.scale = scale

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                option["meaning"] = smileys.meaning(option["value"], self.scale)
        return context
