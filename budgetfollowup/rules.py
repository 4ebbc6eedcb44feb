import rules

from districts.roles import roles_of
from districts.rules import is_administrator, is_reporter


def _centre_in_agreement(user, agreement_id):
    """One of the user's centres is responsible for an initiative of the agreement (a reporter's agreements)."""
    from .models import Initiative

    center_ids = roles_of(user).center_ids
    return bool(center_ids) and Initiative.objects.filter(
        section__agreement_id=agreement_id, responsible_center_id__in=center_ids).exists()


@rules.predicate
def is_draft(user, round):
    return round is not None and not round.is_published


@rules.predicate
def reads_published_round(user, round):
    if round is None or not round.is_published:
        return False
    roles = roles_of(user)
    return (roles.is_district_leader or round.agreement.committee_id in roles.committee_ids
            or _centre_in_agreement(user, round.agreement_id))


@rules.predicate
def is_open_for_reporting(user, round):
    return round is not None and round.is_open_for_reporting


@rules.predicate
def reports_in_round(user, round):
    """A reporter whose centre has initiatives in the round, while it is open for reporting."""
    return round is not None and round.is_open_for_reporting and _centre_in_agreement(user, round.agreement_id)


rules.add_perm("budgetfollowup.manage_agreements", is_administrator)
rules.add_perm(
    "budgetfollowup.view_agreement_list",
    is_administrator
    | is_reporter
    | rules.predicate(lambda user: roles_of(user).is_district_leader or roles_of(user).is_committee_member),
)
rules.add_perm("budgetfollowup.view_round", is_administrator | reads_published_round)
# Reporting (indberetning): the administrator opens and closes a round for it and approves or returns rows; a
# reporter fills in their centre's rows while it is open (each row is checked in reporting.py).
rules.add_perm("budgetfollowup.manage_reporting", is_administrator & is_draft)
rules.add_perm("budgetfollowup.report_round", reports_in_round)
rules.add_perm("budgetfollowup.report", is_reporter)
rules.add_perm("budgetfollowup.import_round", is_administrator | is_reporter)
rules.add_perm("budgetfollowup.edit_round", is_administrator & is_draft)
rules.add_perm("budgetfollowup.publish_round", is_administrator & is_draft)
rules.add_perm("budgetfollowup.reopen_round", is_administrator & ~is_draft)


@rules.predicate
def reads_report(user, report):
    if report is None or report.is_draft:
        return False
    roles = roles_of(user)
    return (roles.is_district_leader or report.round.agreement.committee_id in roles.committee_ids
            or _centre_in_agreement(user, report.round.agreement_id))


rules.add_perm("budgetfollowup.view_report", is_administrator | reads_report)
rules.add_perm("budgetfollowup.request_preview", is_administrator)
rules.add_perm("budgetfollowup.retry_report", is_administrator)
rules.add_perm(
    "budgetfollowup.view_report_list",
    is_administrator
    | is_reporter
    | rules.predicate(lambda user: roles_of(user).is_district_leader or roles_of(user).is_committee_member),
)
