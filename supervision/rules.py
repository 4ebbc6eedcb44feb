"""Who sees and records supervision. Administrators (the supervisors' unit) record visits, assessments and orders
and configure the rule. A district leader sees the district's houses, a pedagogical leader their own; both answer
the self-assessment before a planned visit and note what was done about an order. Committee members and logins
without a role see nothing here."""

import rules

from districts.rules import answers_for_houses, answers_for_institution, is_administrator


@rules.predicate
def answers_for_visit(user, visit):
    return visit is not None and answers_for_institution(user, visit.institution)


@rules.predicate
def answers_for_report(user, report):
    return report is not None and answers_for_institution(user, report.visit.institution)


@rules.predicate
def answers_for_order(user, order):
    return order is not None and answers_for_institution(user, order.visit.institution)


rules.add_perm("supervision.view_supervision", is_administrator | answers_for_houses)
rules.add_perm("supervision.view_institution_supervision", is_administrator | answers_for_institution)
rules.add_perm("supervision.view_supervision_report", is_administrator | answers_for_report)
rules.add_perm("supervision.manage_supervision", is_administrator)
rules.add_perm("supervision.answer_self_assessment", is_administrator | answers_for_visit)
rules.add_perm("supervision.follow_up_order", is_administrator | answers_for_order)
