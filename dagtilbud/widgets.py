"""Form widgets shared by the apps.

A round's grid shows some 400 inputs (40 initiatives, each with its smileys, texts, hidden initials and versions).
Through Django's template-based widget rendering that was most of the page's time, so the widgets a grid uses
render themselves in Python instead: the same HTML as Django's own templates (tested side by side in
dagtilbud/tests/test_widgets.py), escaped as Django's escape() does (its lazy-string wrapper, a thousand times per
grid, was a tenth of the page's time).
"""

import html

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import smileys


def escape(value):
    return html.escape(str(value))


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them: False leaves an attribute out, True writes its name only."""
    return "".join(f" {name}" if value is True else f' {name}="{escape(value)}"'
                   for name, value in attrs.items() if value is not False)


class PlainInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        value_attr = "" if value is None else f' value="{escape(value)}"'
        attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<input type="{self.input_type}" name="{escape(name)}"{value_attr}{_attrs(attrs)}>')


class PlainHiddenInput(PlainInputMixin, forms.HiddenInput):
    pass


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainCheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            attrs["checked"] = True
        return mark_safe(f'<input type="checkbox" name="{escape(name)}"{_attrs(attrs)}>')


class PlainTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<textarea name="{escape(name)}"{_attrs(attrs)}>\n{escape(value or "")}</textarea>')


_faces = {}


def _face(meaning):
    """The smiley's face (components/smiley_face.html), rendered once per variant and language. The definition is
    part of the key: the face's title says it, and the milestone's and the economy's red read differently."""
    key = (meaning.level, meaning.face, str(meaning.definition), get_language())
    if key not in _faces:
        _faces[key] = mark_safe(render_to_string("components/smiley_face.html", {"meaning": meaning}).strip())
    return _faces[key]


class SmileyRadioSelect(forms.RadioSelect):
    """Radio buttons whose labels are the smiley's face and words, as everywhere else: never colour alone.

    Arrow keys move between the choices of one group, Tab to the next field (the browser's own radio behaviour).
    The markup is widgets/smiley_radio.html's, written in Python (see the module's docstring).
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

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        disabled = " disabled" if attrs.get("disabled") else ""
        selected = set(self.format_value(value))
        name = escape(name)
        parts = []
        for index, (option_value, label) in enumerate(self._options()):
            option_id = escape(self.id_for_label(attrs["id"], index)) if attrs.get("id") else ""
            checked = " checked" if option_value in selected else ""
            parts.append(f'\n  <input type="radio" name="{name}" value="{option_value}" id="{option_id}"'
                         f'{checked}{disabled}>\n  <label for="{option_id}">{label}</label>')
        return mark_safe(f'<div class="smiley-choice">{"".join(parts)}\n</div>')

    def _options(self):
        """(escaped value, the label's inner HTML) per choice: the same forty times on a grid, so made once per
        language (lazy translations are slow to format)."""
        key = (self.scale, get_language(), tuple(value for value, _label in self.choices))
        if key not in _option_markup:
            options = []
            for option_value, label in self.choices:
                option_value = "" if option_value is None else str(option_value)
                meaning = smileys.meaning(option_value, self.scale)
                options.append((option_value, escape(option_value),
                                f"{_face(meaning) if meaning else ''}{escape(label)}"))
            _option_markup[key] = options
        return [(escaped, label) for _value, escaped, label in _option_markup[key]]

    def __deepcopy__(self, memo):
        # Every grid row's form copies its fields and their widgets: the choices are immutable, so shared.
        copy = forms.Widget.__deepcopy__(self, memo)
        copy.choices = self.choices
        return copy


_option_markup = {}
