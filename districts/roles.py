"""What a user is: their roles and scopes, read once per request and cached on the user object.

Every permission (rules.py in each app) and every `for_user` queryset is built from this, so a page costs one query
for the user's roles however many objects it checks; and none while no role changed: they are remembered in the
shared cache under the roles' own revision (REVISION), which every save and delete of a Role or an Institution (a
house's district is part of its leader's scope) moves (districts/apps.py).
"""

import hashlib
from dataclasses import dataclass, field, fields

from django.db import models
from django.utils.translation import gettext_lazy as _

from dagtilbud import revision

_CACHE_ATTR = "_dagtilbud_roles"
REVISION = "roles-revision"


class RoleKind(models.TextChoices):
    """The kinds of role (Role.Kind). Defined here, beside the reading of them, so that the models' scoping
    querysets can use roles_of without this module importing the models."""

    ADMINISTRATOR = "administrator", _("Administrator")
    DISTRICT_LEADER = "district_leader", _("Distriktsleder")
    PEDAGOGICAL_LEADER = "pedagogical_leader", _("Pædagogisk leder")
    COMMITTEE_MEMBER = "committee_member", _("Udvalgsmedlem")


@dataclass(frozen=True)
class Roles:
    is_administrator: bool = False
    district_ids: frozenset = field(default_factory=frozenset)  # districts led
    institution_ids: frozenset = field(default_factory=frozenset)  # institutions led
    institution_district_ids: frozenset = field(default_factory=frozenset)  # districts of those institutions
    committee_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_district_leader(self):
        return bool(self.district_ids)

    @property
    def is_pedagogical_leader(self):
        return bool(self.institution_ids)

    @property
    def is_committee_member(self):
        return bool(self.committee_ids)

    @property
    def visible_district_ids(self):
        """Districts whose pages the user may read: led directly, or through an institution they lead."""
        return self.district_ids | self.institution_district_ids

    @property
    def sees_several_districts(self):
        """The administration, or a leader of more than one district: their lists of houses go district by
        district rather than all on one page."""
        return self.is_administrator or len(self.district_ids) > 1

    @property
    def has_any(self):
        return self.is_administrator or bool(self.visible_district_ids or self.committee_ids)


NO_ROLES = Roles()


def roles_of(user) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles = revision.remembered(REVISION, user.pk, lambda: read_roles(user))
    setattr(user, _CACHE_ATTR, roles)
    return roles


def read_roles(user) -> Roles:
    """A user's roles from the database (roles_of remembers them)."""
    rows = list(
        user.roles.values_list("kind", "district_id", "institution_id", "institution__district_id",
                                                   "committee_id")
    )
    roles = Roles(
        is_administrator=any(kind == RoleKind.ADMINISTRATOR for kind, *_ in rows),
        district_ids=frozenset(d for kind, d, *_ in rows if kind == RoleKind.DISTRICT_LEADER),
        institution_ids=frozenset(i for kind, _d, i, *_ in rows if kind == RoleKind.PEDAGOGICAL_LEADER),
        institution_district_ids=frozenset(
            idist for kind, _d, _i, idist, _c in rows if kind == RoleKind.PEDAGOGICAL_LEADER
        ),
        committee_ids=frozenset(c for kind, *_, c in rows if kind == RoleKind.COMMITTEE_MEMBER),
    )
    return roles


def cache_viewer(user):
    """Who is looking, for the keys of cached fragments (settings.FRAGMENT_VIEWER): two people with the same roles
    see the same page. Every field of Roles takes part, so a new kind of scope cannot be forgotten here."""
    roles = roles_of(user)
    text = repr((user.is_superuser, *(
        sorted(value) if isinstance(value, frozenset) else value
        for value in (getattr(roles, f.name) for f in fields(roles)))))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def forget_roles(user):
    """Drop the cached roles, after the user's roles changed within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
