import rules

from districts.roles import roles_of
from districts.rules import is_administrator


@rules.predicate
def is_draft(user, round):
    return round is not None and not round.is_published


@rules.predicate
def reads_published_round(user, round):
    if round is None or not round.is_published:
        return False
    roles = roles_of(user)
    return roles.is_district_leader or round.agreement.committee_id in roles.committee_ids


rules.add_perm("budgetfollowup.manage_agreements", is_administrator)
rules.add_perm(
    "budgetfollowup.view_agreement_list",
    is_administrator
    | rules.predicate(lambda user: roles_of(user).is_district_leader or roles_of(user).is_committee_member),
)
rules.add_perm("budgetfollowup.view_round", is_administrator | reads_published_round)
rules.add_perm("budgetfollowup.edit_round", is_administrator & is_draft)
rules.add_perm("budgetfollowup.publish_round", is_administrator & is_draft)
rules.add_perm("budgetfollowup.reopen_round", is_administrator & ~is_draft)


@rules.predicate
def reads_report(user, report):
    if report is None or report.is_draft:
        return False
    roles = roles_of(user)
    return roles.is_district_leader or report.round.agreement.committee_id in roles.committee_ids


rules.add_perm("budgetfollowup.view_report", is_administrator | reads_report)
rules.add_perm("budgetfollowup.request_preview", is_administrator)
rules.add_perm("budgetfollowup.retry_report", is_administrator)
rules.add_perm(
    "budgetfollowup.view_report_list",
    is_administrator
    | rules.predicate(lambda user: roles_of(user).is_district_leader or roles_of(user).is_committee_member),
)
