"""Every label a form shows is Danish: a field's label comes from the translation machinery (its Danish msgid), never
from a model field's English name, which Django would show as "Section"."""

import importlib
import inspect

from django import forms
from django.utils.functional import Promise

APPS = ["budgetfollowup", "evaluations", "capacity", "supervision", "districts"]


def _form_classes():
    for app in APPS:
        module = importlib.import_module(f"{app}.forms")
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield f"{app}.{name}", cls


def test_every_visible_form_field_has_a_translated_label():
    english = [
        f"{name}.{field_name}: {field.label!r}"
        for name, cls in _form_classes() for field_name, field in cls.base_fields.items()
        if not field.widget.is_hidden and not isinstance(field.label, Promise)
    ]
    assert list(_form_classes())
    assert not english, english

