"""The workflows that change evaluation data; views call these. One transaction each; history records who."""

from django.db import transaction

from dagtilbud.concurrency import check_version

from .models import Action, Evaluation, Goal, StatusUpdate


@transaction.atomic
def status_add(*, target, as_of, assessment, text, user):
    """A new status on a goal or a recommendation. Statuses are never edited: a correction is a newer one."""
    status = StatusUpdate(as_of=as_of, assessment=assessment, text=text, author=user)
    if isinstance(target, Goal):
        status.goal = target
    else:
        status.recommendation = target
    status.full_clean()
    status.save()
    return status


@transaction.atomic
def evaluation_save(*, evaluation, seen_version=None, user):
    """Create or change an evaluation; a change based on an older version than the stored one is StaleEdit."""
    if evaluation.pk:
        check_version(Evaluation, evaluation.pk, seen_version)
        evaluation.version += 1
    evaluation.full_clean()
    evaluation._history_user = user
    evaluation.save()
    return evaluation


@transaction.atomic
def action_save(*, action, seen_version=None, user):
    """Create or change an action. A change names the version it was based on; a newer one in the database
    means someone else saved meanwhile: StaleEdit, and nothing is saved."""
    if action.pk:
        check_version(Action, action.pk, seen_version)
        action.version += 1
    action.full_clean()
    action._history_user = user
    action.save()
    return action
