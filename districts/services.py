"""The workflows that change the organisation's settings; views call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dagtilbud.concurrency import versioned_save

from .models import Role


@transaction.atomic
def municipality_save(*, municipality, seen_version, user):
    """Save the municipality's settings; a save based on an older version than the stored one is StaleEdit."""
    return versioned_save(municipality, user=user, seen_version=seen_version)


@transaction.atomic
def role_remove(*, role, by):
    """Take a role from its holder. The last administrator role of an active person is refused (whoever holds it,
    the remover included): without it nobody could give roles again, and the organisation would be locked out."""
    if role.kind == Role.Kind.ADMINISTRATOR and role.user.is_active:
        # Every administrator role locked: two administrators removing each other's role at the same moment take
        # turns, and the second sees that the first one's is gone.
        administrators = Role.objects.select_for_update(of=("self",)).filter(kind=Role.Kind.ADMINISTRATOR,
                                                                              user__is_active=True)
        if not [pk for pk in administrators.values_list("pk", flat=True) if pk != role.pk]:
            raise ValidationError(_("Rollen kan ikke fjernes: den er den sidste administratorrolle, og uden den kan "
                                    "ingen give roller eller ændre organisationen. Giv en anden administratorrollen "
                                    "først."))
    role._history_user = by
    role.delete()
