"""The change history of every model that keeps one (django-simple-history), for the administrators' audit page:
who changed what, when, and each field before and after."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

from dagtilbud.history import field_changes

PAGE_SIZE = 25
# Beyond this the page is empty anyway; bounding it keeps the database's OFFSET in range.
MAX_PAGE = 100_000


def tracked_models():
    """The domain models whose every change is kept, by label; many-to-many tables show on their owner."""
    return {m._meta.label: m for m in registered_models.values() if not m._meta.auto_created and "_" not in
            m._meta.object_name}


ACTIONS = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}


@dataclass
class Change:
    record: object  # the historical row
    model: object
    fields: list  # FieldChange: the field's verbose name, before and after in words

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
        fields = field_changes(record, previous) if previous is not None and record.history_type == "~" else []
        result.append(Change(record, model, fields))
    return result, more
