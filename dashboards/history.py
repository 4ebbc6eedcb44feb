"""The change history of every model that keeps one (django-simple-history), for the administrators' audit page:
who changed what, when, and each field before and after."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

PAGE_SIZE = 25


def tracked_models():
    """The domain models whose every change is kept, by label; many-to-many tables show on their owner."""
    return {m._meta.label: m for m in registered_models.values() if not m._meta.auto_created and "_" not in
            m._meta.object_name}


ACTIONS = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}


@dataclass
class Change:
    record: object  # the historical row
    model: object
    fields: list  # (verbose name, old, new)

    @property
    def action(self):
        return ACTIONS.get(self.record.history_type, self.record.history_type)


def changes(model, page=1):
    """A page of the model's history, newest first. Queries: the page, and one per record for its predecessor
    (the page size bounds them; the data's size does not)."""
    start = (page - 1) * PAGE_SIZE
    records = list(model.history.select_related("history_user").order_by("-history_date", "-history_id")[
        start:start + PAGE_SIZE + 1])
    more = len(records) > PAGE_SIZE
    result = []
    for record in records[:PAGE_SIZE]:
        previous = record.prev_record
        fields = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in ("version", "revision", "sort_key"):
                    continue
                field = model._meta.get_field(change.field)
                words = dict(field.flatchoices) if field.choices else {}  # "green" reads "Nået"
                fields.append((field.verbose_name, words.get(change.old, change.old), words.get(change.new, change.new)))
        result.append(Change(record, model, fields))
    return result, more
