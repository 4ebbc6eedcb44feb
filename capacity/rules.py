"""Who sees and records capacity. Administrators: everything, and they record it. A district leader: the district's
institutions. A pedagogical leader: their own houses. Committee members read the reports, not the figures per house;
a login without a role sees nothing."""

import rules

from districts.roles import roles_of
from districts.rules import is_administrator


@rules.predicate
def has_houses_in_view(user):
    roles = roles_of(user)
    return bool(roles.district_ids or roles.institution_ids)


@rules.predicate
def sees_capacity_of_institution(user, institution):
    roles = roles_of(user)
    return institution is not None and (institution.district_id in roles.district_ids
                                        or institution.pk in roles.institution_ids)


@rules.predicate
def sees_capacity_of_district(user, district):
    return district is not None and district.pk in roles_of(user).district_ids


rules.add_perm("capacity.view_capacity", is_administrator | has_houses_in_view)
rules.add_perm("capacity.view_institution_capacity", is_administrator | sees_capacity_of_institution)
rules.add_perm("capacity.view_district_capacity", is_administrator | sees_capacity_of_district)
rules.add_perm("capacity.manage_capacity", is_administrator)
