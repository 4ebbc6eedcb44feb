"""Optimistic locking, the one way: an edit names the version it was based on; a workflow that finds a newer one
refuses with StaleEdit, and the page shows the user what changed instead of overwriting it.

One rule for every form that carries a version: a stale version is refused, and so is a missing one (a form sent
without the version it was loaded with, by an old tab or a script, cannot show that it saw the current row)."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import formats
from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """Someone else saved the object after this user loaded it; nothing was saved."""

    def __init__(self, current, changed_by):
        super().__init__(current)
        self.current = current
        self.changed_by = changed_by

    @property
    def who(self):
        """The other person's name as a page shows it, or None if history does not know."""
        if self.changed_by is None:
            return None
        return self.changed_by.get_full_name() or self.changed_by.get_username()


def stale_who(error):
    """Who saved in between, as a refusal names them."""
    return error.who or _("en anden")


def stale(current):
    """StaleEdit for a row as it is now, naming who saved it last (as history knows it)."""
    last = current.history.first() if current is not None else None
    return StaleEdit(current, last.history_user if last else None)


def check_version(model, pk=None, seen_version=None, **lookup):
    """Lock the row and refuse if it moved on since `seen_version`, or if no version was sent; returns the locked
    current row. Call inside a transaction: the lock makes two simultaneous saves take turns, so they cannot both
    pass.

    A row named by `lookup` instead of `pk` may not exist yet (a month's figures): `seen_version` 0 says the user
    saw none, and then none may have appeared meanwhile; the result is None while there is none."""
    if pk is not None:
        lookup = {"pk": pk}
    current = model.objects.select_for_update().filter(**lookup).first()
    if pk is not None and current is None:
        raise model.DoesNotExist(f"{model.__name__} {pk}")
    if seen_version is None or (current.version if current is not None else 0) != seen_version:
        raise stale(current)
    return current


# Passed as `seen_version` by a caller that checked the version itself: it locked the row by another key
# (check_version(..., **lookup)), or an import checked the whole agreement's revision against its preview.
CHECKED = object()


def versioned_save(instance, *, user, seen_version, validate_unique=True):
    """The one way to save a row that carries a version. A change of a stored row must name the version it was
    based on: a newer one in the database (someone saved meanwhile), or none, is StaleEdit and nothing is saved.
    The version moves on, the row is validated, and its history names `user`. A new row starts at its default."""
    with transaction.atomic():
        if instance.pk is not None:
            if seen_version is not CHECKED:
                check_version(type(instance), instance.pk, seen_version)
            instance.version += 1
        instance.full_clean(validate_unique=validate_unique)
        instance._history_user = user
        instance.save()
    return instance


def refuse_stale(form, error, message, **values):
    """Show on `form` that nothing was saved: `message` above the form and, beside each field whose stored value
    now differs from what the user sent, the stored value, so the user sees the colleague's change. The user's
    input is kept, and a new save is based on the current version: saving again is a choice, not an accident.

    `message` names the other person as %(who)s (their name, or "en anden" when history does not know); `values`
    fill its other placeholders."""
    message = message % {"who": stale_who(error), **values}
    current = error.current
    stored = _stored_values(form, current) if current is not None else {}
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current.version if current is not None else ""
    form.add_error(None, message)
    for name, shown in stored.items():
        form.add_error(name, _("Gemt af den anden: %(value)s") % {"value": shown})


def _stored_values(form, current):
    """{form field: the stored value as a page shows it} for the model fields where the row differs from the form."""
    differing = {}
    for name, sent in form.cleaned_data.items():
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name == "version" or isinstance(field, models.FileField) or not (field.concrete or field.many_to_many):
            continue
        if field.many_to_many:
            now = list(getattr(current, name).all())
            if {o.pk for o in now} != {o.pk for o in (sent or [])}:
                differing[name] = ", ".join(str(o) for o in now) or "–"
            continue
        now = getattr(current, name)
        if (now if now not in (None, "") else None) != (sent if sent not in (None, "") else None):
            differing[name] = _shown(field, now)
    return differing


def _shown(field, value):
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, str):
        return f"“{value}”"
    return str(formats.localize(value))
