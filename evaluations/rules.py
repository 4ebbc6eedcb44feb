"""Who may do what with evaluations. Every role reads them; administrators build them; district leaders record
status and move the actions their district owns."""

import rules

from districts.roles import roles_of
from districts.rules import is_administrator, is_district_leader


@rules.predicate
def has_a_role(user):
    return roles_of(user).has_any


@rules.predicate
def owns_action(user, action):
    return action is not None and action.owner_district_id in roles_of(user).district_ids


@rules.predicate
def status_in_scope(user, target):
    """A goal is the whole municipality's; a recommendation may be limited to some districts (none: all)."""
    if target is None:
        return False
    district_ids = getattr(target, "district_ids", None)
    if district_ids is None:
        return True
    return not district_ids or bool(set(district_ids) & roles_of(user).district_ids)


rules.add_perm("evaluations.view_evaluation", has_a_role)
rules.add_perm("evaluations.manage_evaluations", is_administrator)
rules.add_perm("evaluations.add_status", is_administrator | (is_district_leader & status_in_scope))
rules.add_perm("evaluations.update_action", is_administrator | owns_action)
rules.add_perm("evaluations.view_status_report", has_a_role)
