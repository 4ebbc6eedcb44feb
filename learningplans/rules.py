"""Who does what with the learning plans. The house's pedagogical leader adds its plan and drafts and sends its
evaluations; the district leader of the house's district approves (publishes) or returns them; administrators may
do everything, acting for either. Committee members and logins without a role have no part in the work: they, like
everyone, read what is published on the public pages."""

import rules

from districts.roles import roles_of
from districts.rules import answers_for_houses, answers_for_institution, is_administrator


@rules.predicate
def leads_house(user, institution):
    return institution is not None and institution.pk in roles_of(user).institution_ids


@rules.predicate
def leads_houses_district(user, institution):
    return institution is not None and institution.district_id in roles_of(user).district_ids


@rules.predicate
def answers_for_evaluation(user, evaluation):
    return evaluation is not None and answers_for_institution(user, evaluation.institution)


@rules.predicate
def leads_evaluated_house(user, evaluation):
    return evaluation is not None and leads_house(user, evaluation.institution)


@rules.predicate
def leads_evaluated_district(user, evaluation):
    return evaluation is not None and leads_houses_district(user, evaluation.institution)


@rules.predicate
def is_editable(user, evaluation):
    return evaluation is not None and evaluation.is_editable


@rules.predicate
def is_sent(user, evaluation):
    return evaluation is not None and evaluation.state == evaluation.State.SENT


@rules.predicate
def is_published(user, evaluation):
    return evaluation is not None and evaluation.is_published


@rules.predicate
def pdf_answered_for(user, document):
    return document is not None and answers_for_evaluation(user, document.evaluation)


rules.add_perm("learningplans.view_learning_plans", is_administrator | answers_for_houses)
rules.add_perm("learningplans.view_institution_plans", is_administrator | answers_for_institution)
rules.add_perm("learningplans.manage_learning_plans", is_administrator)
rules.add_perm("learningplans.add_plan", is_administrator | leads_house)
rules.add_perm("learningplans.start_evaluation", is_administrator | leads_house)
rules.add_perm("learningplans.view_evaluation", is_administrator | answers_for_evaluation)
rules.add_perm("learningplans.edit_evaluation", (is_administrator | leads_evaluated_house) & is_editable)
rules.add_perm("learningplans.send_evaluation", (is_administrator | leads_evaluated_house) & is_editable)
rules.add_perm("learningplans.approve_evaluation", (is_administrator | leads_evaluated_district) & is_sent)
rules.add_perm("learningplans.view_evaluation_pdf", is_administrator | pdf_answered_for)
rules.add_perm("learningplans.view_published", is_published)
