"""The organisation's permissions, and the role predicates every app builds its own permissions from.

Views ask `request.user.has_perm("districts.view_district", district)` and nothing else.
"""

import rules

from .roles import roles_of


@rules.predicate
def is_administrator(user):
    return roles_of(user).is_administrator


@rules.predicate
def is_district_leader(user):
    return roles_of(user).is_district_leader


@rules.predicate
def is_pedagogical_leader(user):
    return roles_of(user).is_pedagogical_leader


@rules.predicate
def is_committee_member(user):
    return roles_of(user).is_committee_member


@rules.predicate
def leads_district(user, district):
    return district is not None and district.pk in roles_of(user).district_ids


@rules.predicate
def sees_district(user, district):
    return district is not None and district.pk in roles_of(user).visible_district_ids


@rules.predicate
def sees_institution(user, institution):
    if institution is None:
        return False
    roles = roles_of(user)
    return institution.pk in roles.institution_ids or institution.district_id in roles.visible_district_ids


@rules.predicate
def answers_for_houses(user):
    """Leads a district or a house: has institutions of their own to answer for
    (Institution.objects.for_user(user, ANSWER))."""
    roles = roles_of(user)
    return bool(roles.district_ids or roles.institution_ids)


@rules.predicate
def answers_for_institution(user, institution):
    roles = roles_of(user)
    return institution is not None and (institution.district_id in roles.district_ids
                                        or institution.pk in roles.institution_ids)


is_staff_role = is_administrator | is_district_leader | is_pedagogical_leader

rules.add_perm("districts.view_organisation", is_staff_role)
rules.add_perm("districts.view_district", is_administrator | sees_district)
rules.add_perm("districts.view_institution", is_administrator | sees_institution)
rules.add_perm("districts.manage_organisation", is_administrator)
