"""A person's data: what we hold about one member of staff (export), and anonymising them (when they leave).

Anonymise, not delete: the history of who changed a status, published a round or requested a report is part of
the municipality's record of the follow-up ("nothing lost", and the duty to keep records of case work). Deleting the
user row would leave those history rows without an author or remove them. So the user row stays, and everything
that names the person goes: username, first and last name, e-mail, password, roles (the removal is itself kept in
the roles' history), sessions, and failed login attempts. History rows then show "slettet-<number>" as their author.

Both functions are generic over the apps: every history table (django-simple-history, a `history_user` field) and
every foreign key to the user in our apps is found from the models, so a new app's data is included without a
change here.
"""

from importlib import import_module
from pathlib import Path

from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Role

USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "date_joined", "last_login")


def _our_models():
    """Every model of the project's own apps (top-level packages beside manage.py), so that a new app is included
    without a change here; Django's and the libraries' apps are not ours."""
    for config in apps.get_app_configs():
        if Path(config.path).parent == Path(settings.BASE_DIR):
            yield from config.get_models()


def _is_history(model):
    return any(f.name == "history_user" for f in model._meta.fields)


def _links_to_user(model):
    """Foreign keys to the user (Role.user, Report.requested_by, ...; in history tables: the row's own copies)."""
    return [f for f in model._meta.fields
            if f.is_relation and f.related_model is get_user_model() and f.name != "history_user"]


def _rows(queryset):
    return [{"model": r["model"], "pk": r["pk"], **r["fields"]} for r in serializers.serialize("python", queryset)]


def person_export(*, person):
    """Everything stored about the person, as plain data for a JSON download."""
    roles = list(person.roles.select_related("district", "institution", "committee").order_by("pk"))
    data = {
        "exported_at": timezone.now().isoformat(),
        "user": {name: getattr(person, name) for name in USER_FIELDS},
        "roles": [{"role": str(role), **row} for role, row in zip(roles, _rows(roles), strict=False)],
        "linked": {},  # rows that point to the person: reports they requested, rounds they published, role history
        "history_authored": {},  # every change they made, as history keeps it
        "failed_logins": list(AccessAttempt.objects.filter(username=person.username).values(
            "attempt_time", "ip_address", "user_agent", "failures_since_start")),
    }
    for model in _our_models():
        for field in _links_to_user(model):
            if model is Role:
                continue
            rows = model._base_manager.filter(**{field.name: person}).order_by("pk")
            if rows.exists():
                data["linked"][f"{model._meta.label}.{field.name}"] = _rows(rows)
        if _is_history(model):
            rows = model._base_manager.filter(history_user=person).order_by("history_date")
            if rows.exists():
                data["history_authored"][model._meta.label] = _rows(rows)
    return data


@transaction.atomic
def person_anonymise(*, person, by):
    """Remove what names the person; keep their history rows, now authored by "slettet-<pk>"."""
    if person.pk == by.pk:
        raise ValidationError(_("Du kan ikke anonymisere dig selv. Bed en anden administrator om det."))
    administrators = Role.objects.filter(kind=Role.Kind.ADMINISTRATOR, user__is_active=True)
    if administrators.filter(user=person).exists() and not administrators.exclude(user=person).exists():
        raise ValidationError(_("Personen er den eneste administrator. Giv en anden rollen først."))
    old_username = person.username
    for role in person.roles.all():
        role._history_user = by
        role.delete()
    person.username = f"slettet-{person.pk}"
    person.first_name = _("Slettet")
    person.last_name = _("bruger")
    person.email = ""
    person.set_unusable_password()
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.save()
    AccessAttempt.objects.filter(username=old_username).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            # Through the session engine: its copy in the cache (cached_db) goes too.
            import_module(settings.SESSION_ENGINE).SessionStore(session_key=session.session_key).delete()
    return person

