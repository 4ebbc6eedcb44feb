"""The workflows that change the organisation's settings; views call these."""

from django.db import transaction

from dagtilbud.concurrency import check_version

from .models import Municipality


@transaction.atomic
def municipality_save(*, municipality, seen_version, user):
    """Save the municipality's settings; a save based on an older version than the stored one is StaleEdit."""
    check_version(Municipality, municipality.pk, seen_version)
    municipality.version += 1
    municipality.full_clean()
    municipality._history_user = user
    municipality.save()
    return municipality
