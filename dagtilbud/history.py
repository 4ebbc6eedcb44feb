"""History as the app keeps it and reads it.

Keeping: every model declares its history with this module's `HistoricalRecords`, django-simple-history's except
that a save which changes nothing writes nothing (simple-history records a row on every `save()`, changed or not,
so re-running the demo's seed or saving an untouched form filled Historik with changes nobody made).

Reading django-simple-history's records as people read a change: each field by its verbose name, before and after,
choices in words ("Nået", not "green"), related rows by their names. The per-object histories and the
administrators' Historik page both read changes through `field_changes`."""

from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history import models as simple_history
from simple_history.utils import get_m2m_reverse_field_name

# Bookkeeping that changes with every save and means nothing to a reader.
IGNORED_FIELDS = frozenset({"version", "revision", "sort_key"})


class HistoricalRecords(simple_history.HistoricalRecords):
    def post_save(self, instance, created, using=None, **kwargs):
        # A save with a note (a change reason) is recorded even when no field moved: the note is what was said.
        if (not created and not kwargs.get("raw", False) and not getattr(instance, "_change_reason", None)
                and self._same_as_last_record(instance)):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _same_as_last_record(self, instance):
        """Whether the row as saved equals the newest history record of it, bookkeeping aside (no record: it
        differs). The optimistic lock's counter moves on every save a service makes; on its own it is no change."""
        last = getattr(instance, self.manager_name).first()
        if last is None or last.history_type == "-":
            return False
        return all(getattr(instance, field.attname) == getattr(last, field.attname)
                   for field in self.fields_included(instance) if field.name not in IGNORED_FIELDS)


@dataclass(frozen=True)
class FieldChange:
    model: type
    name: str  # the field's verbose name
    old: str
    new: str

    @property
    def qualified_name(self):
        """The field named with its model ("Milepæl: smiley", "Økonomistatus: smiley"), for lists that mix models."""
        return f"{capfirst(self.model._meta.verbose_name)}: {self.name}"


def field_changes(record, previous):
    """What changed from `previous` to `record` (two historical records of one object), field by field."""
    model = record.instance_type
    changes = []
    for change in record.diff_against(previous).changes:
        if change.field in IGNORED_FIELDS:
            continue
        field = model._meta.get_field(change.field)
        changes.append(FieldChange(model, field.verbose_name, _words(field, change.old), _words(field, change.new)))
    return changes


def _words(field, value):
    if value is None or value == "":
        return ""
    if field.many_to_many:
        # simple-history gives the through rows as dicts ({"initiative": 1, "district": 3}); name the targets.
        key = get_m2m_reverse_field_name(field)
        ids = [row[key] for row in value]
        names = sorted(str(obj) for obj in field.related_model._base_manager.filter(pk__in=ids))
        return ", ".join(names)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(field, models.BooleanField):
        return gettext("Ja") if value else gettext("Nej")
    return str(value)
