"""The workflows of single sign-on that change rows; views and the authentication backend call these."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import Role
from districts.roles import forget_roles

from .models import GroupGrantedRole, GroupRoleMapping, UsedAssertion

# django-simple-history keeps a change reason of at most 100 characters.
REASON_LENGTH = 100


def _reason(text):
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


@transaction.atomic
def roles_follow_groups(*, user, groups):
    """Give the user the roles their provider groups map to now, and take away the ones a group gave earlier that
    no group gives any more. Roles given by hand are left alone. Each change is kept in the roles' history with the
    group as its reason. Returns (added, removed) as lists of role descriptions."""
    wanted = {}  # role key -> the first group (alphabetically) that gives it
    for mapping in GroupRoleMapping.objects.filter(group__in=groups).order_by("group", "pk"):
        wanted.setdefault(mapping.role_key(), mapping.group)

    # The person's row locked: two logins of the same person at once must not both add the same role.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    held = list(Role.objects.filter(user=user).select_related("group_grant"))
    held_keys = {(r.kind, r.district_id, r.institution_id, r.committee_id) for r in held}
    added, removed = [], []
    for role in held:
        grant = getattr(role, "group_grant", None)
        key = (role.kind, role.district_id, role.institution_id, role.committee_id)
        if grant is not None and key not in wanted:
            role._change_reason = _reason(_("Log ind: ikke længere i gruppen %(group)s") % {"group": grant.group})
            removed.append(str(role))
            role.delete()  # the grant goes with it (cascade)
    for key, group in wanted.items():
        if key in held_keys:
            continue  # held already: by hand, or from this or another group
        kind, district_id, institution_id, committee_id = key
        role = Role(user=user, kind=kind, district_id=district_id, institution_id=institution_id,
                    committee_id=committee_id)
        role._change_reason = _reason(_("Log ind: medlem af gruppen %(group)s") % {"group": group})
        role.full_clean()
        role.save()
        GroupGrantedRole.objects.create(role=role, group=group)
        added.append(str(role))
    if added or removed:
        forget_roles(user)
    return added, removed


@transaction.atomic
def group_mapping_create(*, mapping, user):
    mapping.full_clean()
    mapping._history_user = user
    mapping.save()
    return mapping


@transaction.atomic
def group_mapping_delete(*, mapping, user):
    """Remove a mapping. Roles it gave stay until each person's next login, which takes them away."""
    mapping._history_user = user
    mapping.delete()


class AssertionReplayed(Exception):
    """A SAML assertion that has been used to log in before."""


def assertion_use_once(*, assertion_id, expires):
    """Record that the assertion logged someone in; AssertionReplayed if it did so before. Expired records go, as
    the assertion itself is refused once it has expired."""
    now = timezone.now()
    UsedAssertion.objects.filter(expires__lt=now).delete()
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(assertion_id=assertion_id, expires=max(expires, now))
    except IntegrityError as exc:
        raise AssertionReplayed(assertion_id) from exc
