"""Reporting (indberetning): the responsible centres give their initiatives' status in a round opened for it, and the
administrator approves or returns each row before publishing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budgetfollowup.models import BudgetAgreement, FollowUpRound, Report
from districts.models import Center, Role
from districts.roles import roles_of


def test_a_reporter_is_scoped_to_a_centre_and_the_database_holds_it(agreement_demo, user):
    reporter = user("center.sik")
    roles = roles_of(reporter)
    assert roles.is_reporter and roles.has_any
    assert roles.center_ids == {Center.objects.get(name="Skoler, Institutioner og Kultur").pk}
    assert not (roles.is_administrator or roles.committee_ids or roles.visible_district_ids)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=reporter, kind=Role.Kind.REPORTER)  # no centre
    with pytest.raises(ValidationError):
        Role(user=reporter, kind=Role.Kind.DISTRICT_LEADER, center=Center.objects.first()).full_clean()


def test_a_reporter_reads_published_rounds_of_agreements_with_their_centres_initiatives(agreement_demo, user):
    reporter = user("center.sik")
    first, second = agreement_demo[1], agreement_demo[2]
    assert list(FollowUpRound.objects.for_user(reporter)) == [first]
    assert list(BudgetAgreement.objects.for_user(reporter)) == [first.agreement]
    assert reporter.has_perm("budgetfollowup.view_round", first)
    assert not reporter.has_perm("budgetfollowup.view_round", second)
    assert not reporter.has_perm("budgetfollowup.edit_round", second)
    final = Report.objects.get(round=first, kind=Report.Kind.FINAL)  # publishing the demo's round 1 queued it
    draft = Report.objects.create(round=second, kind=Report.Kind.DRAFT, version=1)
    assert list(Report.objects.for_user(reporter)) == [final]
    assert reporter.has_perm("budgetfollowup.view_report", final)
    assert not reporter.has_perm("budgetfollowup.view_report", draft)
    # A centre with no initiative in the agreement reads nothing of it.
    other = Center.objects.get(name="Arbejdsmarked")
    Role.objects.filter(user=reporter).update(center=other)
    reporter = user("center.sik")
    assert not FollowUpRound.objects.for_user(reporter).exists()
    assert not reporter.has_perm("budgetfollowup.view_round", first)


def test_reporting_needs_a_deadline_and_a_draft_round(agreement_demo):
    second = agreement_demo[2]
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpRound.objects.filter(pk=second.pk).update(reporting_open=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpRound.objects.filter(pk=agreement_demo[1].pk).update(reporting_open=True,
                                                                      reporting_deadline=datetime.date(2019, 6, 1))
