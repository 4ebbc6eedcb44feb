"""The workflows that change supervision; views and the demo call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dagtilbud.concurrency import versioned_save
from districts.models import Institution

from . import selectors
from .models import (
    Assessment,
    Order,
    OrderFollowUp,
    QualityDimension,
    QualityLevel,
    Schedule,
    SelfAssessmentAnswer,
    SupervisionVisit,
)


@transaction.atomic
def visit_save(*, visit, assessments, seen_version=None, user):
    """Create or change a visit with its assessments (`assessments`: dimension -> (level, note); dimensions left
    out are removed). A completed pedagogical visit must assess every dimension in use: the rule for the next
    visit is decided by them. A change names the version it was based on (StaleEdit if someone saved since)."""
    if visit.is_completed and visit.is_pedagogical:
        missing = [d.name for d in QualityDimension.objects.filter(active=True) if d not in assessments]
        if missing:
            raise ValidationError(_("Et gennemført pædagogisk tilsyn skal have en vurdering af: %(names)s.")
                                  % {"names": ", ".join(missing)})
    versioned_save(visit, user=user, seen_version=seen_version)
    current = {a.dimension_id: a for a in visit.assessments.all()}
    for dimension, (level, note) in assessments.items():
        assessment = current.pop(dimension.pk, None) or Assessment(visit=visit, dimension=dimension)
        if assessment.pk and (assessment.level_id, assessment.note) == (level.pk, note):
            continue
        assessment.level, assessment.note = level, note
        assessment._history_user = user
        assessment.save()
    for assessment in current.values():
        assessment._history_user = user
        assessment.delete()
    schedule_refresh(Institution.objects.filter(pk=visit.institution_id))
    return visit


def schedule_refresh(institutions):
    """Store each institution's next visit as the rule gives it now (see Schedule). Call after anything a due date
    depends on changed: a visit or its assessments, the scale and its rule."""
    today = timezone.localdate()
    rows = selectors.institution_rows(institutions, today=today, levels=selectors.levels())
    Schedule.objects.bulk_create(
        [Schedule(institution_id=row.institution.pk, basis=row.last, level=row.next.level, due_on=row.next.due_on,
                  follow_up_on=row.next.follow_up_on, next_date=row.next.next_date) for row in rows],
        update_conflicts=True, unique_fields=["institution"],
        update_fields=["basis", "level", "due_on", "follow_up_on", "next_date"], batch_size=1000)


@transaction.atomic
def visit_cancel(*, visit, user):
    """Cancel a planned visit (its history keeps it). A completed visit is part of the record and stays."""
    visit = SupervisionVisit.objects.select_for_update().get(pk=visit.pk)
    if visit.is_completed:
        raise ValidationError(_("Et gennemført tilsyn kan ikke aflyses."))
    institution_id = visit.institution_id
    visit._history_user = user
    visit.delete()
    schedule_refresh(Institution.objects.filter(pk=institution_id))


def order_add(*, visit, text, due_date, user):
    """An order follows from what a completed visit found."""
    if not visit.is_completed:
        raise ValidationError(_("Påbud gives ved et gennemført tilsyn; dette tilsyn er kun planlagt."))
    order = Order(visit=visit, text=text, due_date=due_date)
    order.full_clean()
    order._history_user = user
    order.save()
    return order


@transaction.atomic
def follow_up_add(*, order, text, closes, user):
    """Note what was done about an order; `closes` closes it (administrators only: the view asks). An order closed
    meanwhile by someone else takes no more notes."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if not order.is_open:
        raise ValidationError(_("Påbuddet blev lukket den %(date)s og kan ikke følges op mere.")
                              % {"date": order.closed_on.strftime("%d.%m.%Y")})
    follow_up = OrderFollowUp.objects.create(order=order, text=text, closes=closes, author=user)
    if closes:
        order.closed_on = follow_up.noted_on
        order._history_user = user
        order.save(update_fields=["closed_on"])
    return follow_up


@transaction.atomic
def self_assessment_save(*, visit, answers, user):
    """The leader's answers before a visit (`answers`: question -> text; an empty text removes the answer). Once
    the visit is completed the answers are part of its report and stay as they were."""
    visit = SupervisionVisit.objects.select_for_update().get(pk=visit.pk)
    if visit.is_completed:
        raise ValidationError(_("Tilsynet er gennemført: selvevalueringen kan ikke ændres længere."))
    current = {a.question_id: a for a in visit.self_assessment.all()}
    for question, text in answers.items():
        answer = current.get(question.pk)
        if not text.strip():
            if answer:
                answer._history_user = user
                answer.delete()
            continue
        if answer and answer.answer == text:
            continue
        answer = answer or SelfAssessmentAnswer(visit=visit, question=question)
        answer.answer, answer.answered_by = text, user
        answer._history_user = user
        answer.save()


class SettingsChanged(Exception):
    """The settings were changed by someone else since the page was loaded: nothing was saved."""


@transaction.atomic
def settings_save(*, settings_forms, user):
    """Save the scale and its rule, the dimensions and the questions together (a valid forms.SettingsForms),
    and move every due date. Settings changed by someone else since the forms were loaded raise SettingsChanged and
    nothing is saved; the scale's rows are locked first, so two saves take turns and the second sees the first."""
    list(QualityLevel.objects.select_for_update())
    if selectors.settings_fingerprint() != settings_forms.fingerprint:
        raise SettingsChanged
    for formset in settings_forms.formsets.values():
        for instance in formset.save(commit=False):
            instance._history_user = user
            instance.full_clean()
            instance.save()
    schedule_refresh(Institution.objects.all())




