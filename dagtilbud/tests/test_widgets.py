"""The widgets that render themselves in Python give the same HTML as Django's own templates would."""

import pytest
from django import forms
from django.test.html import parse_html

from dagtilbud.smileys import ECONOMY_CHOICES, MILESTONE_CHOICES
from dagtilbud.widgets import PlainCheckboxInput, PlainHiddenInput, PlainTextarea, PlainTextInput, SmileyRadioSelect


def through_templates(widget, name, value, attrs):
    """What Django's template-based rendering gives for the same widget."""
    return forms.Widget.render(widget, name, value, attrs)


CASES = [
    (PlainHiddenInput(), "i3-milestone_version", 4, {"id": "id_i3-milestone_version"}),
    (PlainHiddenInput(), "initial-i3-status_text", 'Sagt "nej" & <b>ja</b>', {"id": "initial-id_i3-status_text"}),
    (PlainHiddenInput(), "initial-i3-expected_spending", None, {"id": "x"}),
    (PlainTextInput(attrs={"class": "form-control", "inputmode": "decimal"}), "i3-expected_spending", "1.234,5",
     {"id": "id_i3-expected_spending", "aria-describedby": "id_i3-expected_spending_error", "required": False}),
    (PlainTextarea(attrs={"rows": 3, "class": "form-control"}), "i3-status_text", "Første linje\n<script>",
     {"id": "id_i3-status_text"}),
    (PlainTextarea(attrs={"rows": 3}), "i3-status_text", None, {"id": "id_i3-status_text"}),
    (PlainCheckboxInput(attrs={"class": "form-check-input"}), "i3-confirm", True, {"id": "id_i3-confirm"}),
    (PlainCheckboxInput(), "i3-confirm", False, {"id": "id_i3-confirm"}),
]


@pytest.mark.parametrize("widget, name, value, attrs", CASES)
def test_plain_inputs_match_djangos_templates(widget, name, value, attrs):
    assert parse_html(widget.render(name, value, attrs)) == parse_html(through_templates(widget, name, value, attrs))


@pytest.mark.parametrize("scale, choices, value, disabled", [
    ("milestone", MILESTONE_CHOICES, "yellow", False),
    ("milestone", MILESTONE_CHOICES, None, True),
    ("economy", ECONOMY_CHOICES, "red", False),
])
def test_the_smiley_radios_match_their_template(scale, choices, value, disabled):
    widget = SmileyRadioSelect(scale)
    widget.choices = [("", "Ingen")] + list(choices)
    attrs = {"id": "id_i3-smiley", **({"disabled": True} if disabled else {})}
    html = widget.render("i3-smiley", value, attrs)
    assert parse_html(html) == parse_html(through_templates(widget, "i3-smiley", value, attrs))
    assert html.count('type="radio"') == len(choices) + 1
    if value:
        assert f'value="{value}" id' in html and " checked" in html
