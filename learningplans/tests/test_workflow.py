"""An evaluation from draft to published: who may do what, a send without every part refused with the parts
named, returned with a comment, approved, and immutable once published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dagtilbud.concurrency import StaleEdit
from districts.models import Institution
from learningplans import services
from learningplans.models import ASPECTS, EvaluationPart, PlanEvaluation, Section
from tests.shared_demo import load_demo


@pytest.fixture
def organisation(db):
    load_demo("organisation")


def house(name):
    return Institution.objects.get(name=name)


def full_texts(word="Tekst"):
    return {(section, aspect): f"{word}: {section} {aspect}" for section in Section.values
            for aspect, _l, _h in ASPECTS}


def started(user, name="Børnehuset Egebjerg"):
    services.plan_add(institution=house(name), plan_date=datetime.date(2024, 8, 1), text="Vores læreplan.",
                      user=user("pl.mette"))
    return services.evaluation_start(institution=house(name), user=user("pl.mette"))


def test_who_may_do_what(organisation, user):
    evaluation = started(user)
    mette, jonas, nord, syd, admin, member = (user(u) for u in ("pl.mette", "pl.jonas", "dl.nord", "dl.syd", "admin",
                                                                 "udvalg"))
    assert mette.has_perm("learningplans.edit_evaluation", evaluation)
    assert admin.has_perm("learningplans.edit_evaluation", evaluation)
    for other in (jonas, nord, syd, member):
        assert not other.has_perm("learningplans.edit_evaluation", evaluation)
    assert not nord.has_perm("learningplans.approve_evaluation", evaluation)  # not sent yet
    services.evaluation_save(evaluation=evaluation, texts=full_texts(), seen_version=evaluation.version, user=mette)
    evaluation = services.evaluation_send(evaluation=evaluation, user=mette)
    assert nord.has_perm("learningplans.approve_evaluation", evaluation)
    assert admin.has_perm("learningplans.approve_evaluation", evaluation)
    for other in (syd, mette, jonas, member):
        assert not other.has_perm("learningplans.approve_evaluation", evaluation)
    assert not mette.has_perm("learningplans.edit_evaluation", evaluation)  # sent: out of her hands
    assert set(PlanEvaluation.objects.for_user(syd)) == set()
    assert set(PlanEvaluation.objects.for_user(nord)) == {evaluation}
    assert set(PlanEvaluation.objects.for_user(jonas)) == set()


def test_from_draft_to_published_and_immutable(organisation, user):
    mette, nord = user("pl.mette"), user("dl.nord")
    evaluation = started(user)
    texts = full_texts()
    texts[(Section.PARENTS, "saw")] = ""
    texts[(Section.ENVIRONMENT, "change")] = "  "
    evaluation = services.evaluation_save(evaluation=evaluation, texts=texts, seen_version=1, user=mette)
    with pytest.raises(services.Incomplete) as refused:
        services.evaluation_send(evaluation=evaluation, user=mette)
    assert refused.value.missing == [(Section.ENVIRONMENT, "change"), (Section.PARENTS, "saw")]
    assert "Børnemiljø: Det ændrer vi; Forældrenes perspektiv: Det så vi" in refused.value.messages[0]
    assert PlanEvaluation.objects.get(pk=evaluation.pk).state == PlanEvaluation.State.DRAFT
    with pytest.raises(StaleEdit):  # an old tab's save
        services.evaluation_save(evaluation=evaluation, texts=full_texts(), seen_version=1, user=mette)
    evaluation = services.evaluation_save(evaluation=evaluation, texts=full_texts(), seen_version=evaluation.version,
                                          user=mette)
    services.evaluation_send(evaluation=evaluation, user=mette)
    with pytest.raises(ValidationError):
        services.evaluation_return(evaluation=evaluation, comment=" ", user=nord)
    returned = services.evaluation_return(evaluation=evaluation, comment="Uddyb børnenes perspektiv.", user=nord)
    assert returned.state == PlanEvaluation.State.RETURNED and returned.return_comment == "Uddyb børnenes perspektiv."
    services.evaluation_send(evaluation=returned, user=mette)
    published = services.evaluation_approve(evaluation=returned, user=nord, request_pdf=False)
    assert published.is_published and published.published_on is not None and published.approved_by == nord
    # History knows each step and who took it.
    assert [r.state for r in published.history.order_by("history_date")] == [
        "draft", "sent", "returned", "sent", "published"]
    assert published.history.first().history_user == nord

    with pytest.raises(ValidationError):
        published.return_comment = "ændret bagefter"
        published.save()
    part = EvaluationPart.objects.filter(evaluation=published).first()
    part.did = "ændret bagefter"
    with pytest.raises(ValidationError):
        part.save()
    with pytest.raises(ValidationError):
        services.evaluation_save(evaluation=published, texts=full_texts("Ny"), seen_version=published.version,
                                 user=mette)
    # The next evaluation is a new one.
    following = services.evaluation_start(institution=house("Børnehuset Egebjerg"), user=mette)
    assert following.pk != published.pk and following.state == PlanEvaluation.State.DRAFT
    with pytest.raises(ValidationError):
        services.evaluation_start(institution=house("Børnehuset Egebjerg"), user=mette)


def test_one_open_evaluation_per_house_is_held_by_the_database(organisation, user):
    evaluation = started(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanEvaluation.objects.create(institution=evaluation.institution)


def test_notified_both_ways_and_when_due_once_each(organisation, user, settings):
    from django.utils import timezone

    from learningplans import demo as learning_plan_demo
    from notifications.models import Notice
    from notifications.services import notices_collect

    learning_plan_demo.load_learning_plans()
    notices_collect(now=timezone.now())
    notices_collect(now=timezone.now())  # once each
    mine = Notice.objects.filter(kind="learning_plan")
    nord, mette, jonas = user("dl.nord"), user("pl.mette"), user("pl.jonas")
    assert mine.filter(recipient=nord, subject__startswith="Evaluering af læreplanen til godkendelse: "
                                                           "Børnehuset Grantoften").count() == 1
    assert mine.filter(recipient=mette, subject__contains="skal evalueres senest").filter(
        subject__endswith="Børnehuset Egebjerg").count() == 1
    assert mine.filter(recipient=user("dl.syd"), subject="Evalueringen af læreplanen er overskredet: "
                                                         "Børnehuset Hedegården").count() == 1
    waiting = PlanEvaluation.objects.get(state="sent")
    services.evaluation_return(evaluation=waiting, comment="Uddyb børnemiljøet.", user=nord)
    notices_collect(now=timezone.now())
    returned = mine.get(recipient=jonas, subject__contains="sendt retur")
    assert "Uddyb børnemiljøet." in returned.body
    services.evaluation_send(evaluation=waiting, user=jonas)
    notices_collect(now=timezone.now())
    assert mine.filter(recipient=nord, subject__contains="til godkendelse").count() == 2  # sent again: news again
    services.evaluation_approve(evaluation=waiting, user=nord, request_pdf=False)
    notices_collect(now=timezone.now())
    assert mine.filter(recipient=jonas, subject="Evalueringen af læreplanen er godkendt: Børnehuset Grantoften"
                       ).count() == 1
