"""The workflows that change learning plans and their evaluations; views and the demo call these, each one
transaction, each recorded in history with who did it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dagtilbud.concurrency import check_version
from dagtilbud.documents import workflow as documents
from districts.models import Institution

from .models import ASPECTS, Attachment, EvaluationPart, EvaluationPDF, LearningPlan, PlanEvaluation, Section


class Incomplete(ValidationError):
    """An evaluation sent without every part filled in; `missing` names them as (section, aspect) pairs."""

    def __init__(self, missing):
        self.missing = missing
        names = "; ".join(f"{Section(section).label}: {dict((a, str(label)) for a, label, _h in ASPECTS)[aspect]}"
                          for section, aspect in missing)
        super().__init__(_("Evalueringen kan først sendes, når alle dele er udfyldt. Mangler: %(names)s.")
                         % {"names": names})


def _stamp(obj, user):
    obj._history_user = user
    return obj


def plan_add(*, institution, plan_date, text="", file=None, original_name="", user):
    plan = LearningPlan(institution=institution, plan_date=plan_date, text=text, created_by=user,
                        original_name=original_name[:200])
    if file:
        plan.file = file
    plan.full_clean()
    _stamp(plan, user).save()
    return plan


def current_plan(institution):
    return LearningPlan.objects.filter(institution=institution).first()


@transaction.atomic
def evaluation_start(*, institution, user):
    """A new evaluation of the house's current plan, with its sections empty. The house has at most one that is
    not published; the house's row is locked, so two people starting at once get one evaluation."""
    Institution.objects.select_for_update().get(pk=institution.pk)
    if PlanEvaluation.objects.open().filter(institution=institution).exists():
        raise ValidationError(_("Huset har allerede en evaluering, der ikke er offentliggjort. Arbejd videre i den."))
    evaluation = _stamp(PlanEvaluation(institution=institution, plan=current_plan(institution), created_by=user), user)
    evaluation.save()
    for section in Section.values:
        _stamp(EvaluationPart(evaluation=evaluation, section=section), user).save()
    return evaluation


def missing_parts(texts):
    """(section, aspect) pairs left empty, in the evaluation's order; `texts`: {(section, aspect): text}."""
    return [(section, aspect) for section in Section.values for aspect, _label, _help in ASPECTS
            if not (texts.get((section, aspect)) or "").strip()]


def _texts(evaluation):
    return {(part.section, aspect): getattr(part, aspect) for part in evaluation.parts.all()
            for aspect, _label, _help in ASPECTS}


@transaction.atomic
def evaluation_save(*, evaluation, texts, seen_version, user):
    """Save the sections' texts (`texts`: {(section, aspect): text}) of a draft or returned evaluation. Refused as
    StaleEdit when someone saved it after `seen_version` was loaded, and when it is no longer editable."""
    evaluation = check_version(PlanEvaluation, evaluation.pk, seen_version)
    if not evaluation.is_editable:
        raise ValidationError(_("Evalueringen er %(state)s og kan ikke rettes nu.")
                              % {"state": evaluation.get_state_display().lower()})
    changed = False
    for part in evaluation.parts.all():
        values = {aspect: (texts.get((part.section, aspect)) or "").strip() for aspect, _l, _h in ASPECTS}
        if all(getattr(part, aspect) == value for aspect, value in values.items()):
            continue
        for aspect, value in values.items():
            setattr(part, aspect, value)
        _stamp(part, user).save()
        changed = True
    if changed:
        evaluation.version += 1
        _stamp(evaluation, user).save(update_fields=["version"])
    return evaluation


def _locked(evaluation):
    return PlanEvaluation.objects.select_for_update().select_related("institution").get(pk=evaluation.pk)


@transaction.atomic
def evaluation_send(*, evaluation, user):
    """Send a complete draft (or a returned evaluation, corrected) to the district leader for approval."""
    evaluation = _locked(evaluation)
    if not evaluation.is_editable:
        raise ValidationError(_("Evalueringen er %(state)s og kan ikke sendes.")
                              % {"state": evaluation.get_state_display().lower()})
    missing = missing_parts(_texts(evaluation))
    if missing:
        raise Incomplete(missing)
    if evaluation.plan_id is None:
        evaluation.plan = current_plan(evaluation.institution)
    if evaluation.plan_id is None:
        raise ValidationError(_("Huset har ingen læreplan endnu. Tilføj læreplanen, før evalueringen sendes."))
    evaluation.state = PlanEvaluation.State.SENT
    evaluation.sent_at = timezone.now()
    evaluation.version += 1
    _stamp(evaluation, user).save()
    return evaluation


@transaction.atomic
def evaluation_return(*, evaluation, comment, user):
    """The district leader sends it back with what to change; the leader corrects it and sends it again."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Skriv, hvad der skal rettes, før evalueringen sendes retur."))
    evaluation = _locked(evaluation)
    if evaluation.state != PlanEvaluation.State.SENT:
        raise ValidationError(_("Kun en evaluering, der er sendt til godkendelse, kan sendes retur."))
    evaluation.state = PlanEvaluation.State.RETURNED
    evaluation.returned_at = timezone.now()
    evaluation.return_comment = comment
    evaluation.version += 1
    _stamp(evaluation, user).save()
    return evaluation


@transaction.atomic
def evaluation_approve(*, evaluation, user, published_on=None, request_pdf=True):
    """Approve and so publish: from now on the evaluation is public and never changes. Its PDF is requested from
    the worker once committed (`request_pdf`); `published_on` is for the demo's past evaluations."""
    evaluation = _locked(evaluation)
    if evaluation.state != PlanEvaluation.State.SENT:
        raise ValidationError(_("Kun en evaluering, der er sendt til godkendelse, kan godkendes."))
    evaluation.state = PlanEvaluation.State.PUBLISHED
    evaluation.published_on = published_on or timezone.localdate()
    evaluation.approved_by = user
    evaluation.version += 1
    _stamp(evaluation, user).save()
    if request_pdf:
        evaluation.pdf = documents.request(EvaluationPDF, owner=evaluation, user=user)
    return evaluation


def pdf_request(*, evaluation, user):
    return documents.request(EvaluationPDF, owner=evaluation, user=user)


@transaction.atomic
def attachment_add(*, evaluation, file, description="", user):
    evaluation = _locked(evaluation)
    if not evaluation.is_editable:
        raise ValidationError(_("Bilag kan kun tilføjes, mens evalueringen er en kladde eller sendt retur."))
    attachment = Attachment(evaluation=evaluation, file=file, original_name=(file.name or "bilag")[:200],
                            description=description, uploaded_by=user)
    attachment.full_clean()
    _stamp(attachment, user).save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, user):
    evaluation = _locked(attachment.evaluation)
    if not evaluation.is_editable:
        raise ValidationError(_("Bilag kan kun fjernes, mens evalueringen er en kladde eller sendt retur."))
    _stamp(attachment, user).delete()
