"""The workflows that change evaluation data; views call these. One transaction each; history records who."""

from django.db import transaction

from dagtilbud.concurrency import versioned_save

from .models import Goal, StatusUpdate


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
    return versioned_save(evaluation, user=user, seen_version=seen_version)


@transaction.atomic
def action_save(*, action, seen_version=None, user, note=""):
    """Create or change an action. A change names the version it was based on; a newer one in the database
    means someone else saved meanwhile: StaleEdit, and nothing is saved. `note` (why) goes into the history."""
    action._change_reason = note.strip() or None
    return versioned_save(action, user=user, seen_version=seen_version)
