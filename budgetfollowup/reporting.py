"""Reporting (indberetning), the workflows: the administrator opens a round for the responsible centres with a
deadline; each centre's reporters save drafts and send their initiatives' rows; the administrator approves them or
returns them with a comment; publishing closes it all.

The values live where an administrator's do (Milestone, EconomyStatus; saved through services.round_save_grid, with
their versions); a Submission per initiative and round carries the state, who moved it there and when, and the
comment. Each function is one transaction, locks the round first (so closing or publishing and a reporter's save
take turns), and leaves its trace in history.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dagtilbud.concurrency import CHECKED, check_version, versioned_save
from districts.roles import roles_of

from . import services
from .models import FollowUpRound, Initiative, Submission


class ReportingRefused(Exception):
    """What a reporter or an administrator asked for cannot be done; nothing was changed. The message is Danish."""


def _numbers(initiatives):
    return ", ".join(i.number for i in sorted(initiatives, key=lambda i: i.sort_key))


def _ensure_submissions(round_):
    """A Submission for every initiative of the round's agreement (an initiative added after opening gets one)."""
    have = set(Submission.objects.filter(round=round_).values_list("initiative_id", flat=True))
    Submission.objects.bulk_create([
        Submission(round=round_, initiative_id=pk)
        for pk in Initiative.objects.filter(section__agreement_id=round_.agreement_id).values_list("pk", flat=True)
        if pk not in have])


def submissions_by_initiative(round_):
    """{initiative id: Submission} of a round, with who last changed each (one query)."""
    return {s.initiative_id: s for s in Submission.objects.filter(round=round_).select_related("changed_by")}


@transaction.atomic
def reporting_open(*, round, deadline, user):
    """Open a draft round for reporting by `deadline` (or move the deadline of an open one). The reporters hear of
    it through the notifications (sources.reporting_opened)."""
    round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round_.is_published:
        raise ReportingRefused(_("Opfølgningen er offentliggjort og kan ikke åbnes for indberetning."))
    round_.reporting_open, round_.reporting_deadline = True, deadline
    round_.full_clean()
    round_._history_user = user
    round_.save()
    _ensure_submissions(round_)
    return round_


@transaction.atomic
def reporting_close(*, round, user):
    """Close the round for reporting: reporters can no longer save; what they sent stays for the administrator."""
    round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round_.reporting_open:
        round_.reporting_open = False
        round_._history_user = user
        round_.save()
    return round_


def _lock_open_round(round):
    round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round_.is_published:
        raise ReportingRefused(_("Intet er gemt: opfølgningen er offentliggjort, så indberetningen er lukket."))
    if not round_.reporting_open:
        raise ReportingRefused(_("Intet er gemt: opfølgningen er lukket for indberetning, mens du arbejdede. Kontakt "
                                 "Økonomi og Styring, hvis du mangler at indberette."))
    return round_


def _set_state(submission, state, user, now, comment=None):
    """Move a row (locked, its version checked by the caller) to `state`, recording who and when."""
    submission.state = state
    submission.changed_by, submission.changed_at = user, now
    if comment is not None:
        submission.comment = comment
    versioned_save(submission, user=user, seen_version=CHECKED)


@transaction.atomic
def reporting_save(*, round, user, changes, send=(), named=()):
    """A reporter saves their rows' cells as a draft and sends the rows in `send` (initiative ids).

    `changes` are the grid's services.CellChange; `named` every initiative id the request named at all. Refused
    with ReportingRefused, nothing saved, when the round is not open for reporting, when a row named is another
    centre's or not the round's, when a row is sent or approved already (read-only until returned), or when a row
    to send lacks its smileys. A cell someone saved since the page was loaded is services.GridConflicts (from
    round_save_grid), and nothing is saved.
    """
    round_ = _lock_open_round(round)
    ids = {c.initiative_id for c in changes} | set(send) | set(named)
    initiatives = {i.pk: i for i in Initiative.objects.filter(pk__in=ids, section__agreement_id=round_.agreement_id)}
    if set(ids) - set(initiatives):
        raise ReportingRefused(_("Intet er gemt: en af indsatserne hører ikke til denne opfølgning."))
    centers = roles_of(user).center_ids
    foreign = [i for i in initiatives.values() if i.responsible_center_id not in centers]
    if foreign:
        raise ReportingRefused(_("Intet er gemt: %(numbers)s hører under et andet center, og du kan kun indberette "
                                 "for dit eget.") % {"numbers": _numbers(foreign)})
    _ensure_submissions(round_)
    submissions = {s.initiative_id: s for s in Submission.objects.select_for_update().filter(
        round=round_, initiative_id__in=ids).order_by("initiative_id")}
    locked = [initiatives[pk] for pk, s in submissions.items() if not s.editable_by_reporter]
    if locked:
        raise ReportingRefused(_("Intet er gemt: %(numbers)s er allerede indsendt eller godkendt og kan ikke ændres, "
                                 "medmindre den sendes retur.") % {"numbers": _numbers(locked)})
    if changes:
        services.round_save_grid(round=round_, changes=changes, user=user)
    incomplete = [initiatives[pk] for pk in send if not _complete(round_, pk)]
    if incomplete:
        raise ReportingRefused(_("Intet er gemt: %(numbers)s kan ikke indsendes uden smiley for milepæl (når der er "
                                 "en milepæl) og for økonomi.") % {"numbers": _numbers(incomplete)})
    now = timezone.now()
    changed = {c.initiative_id for c in changes}
    for pk, submission in submissions.items():
        if pk in send:
            submission.sent_at = now
            submission.late = timezone.localdate(now) > round_.reporting_deadline
            _set_state(submission, Submission.State.SENT, user, now)
        elif pk in changed and submission.state == Submission.State.NOT_STARTED:
            _set_state(submission, Submission.State.DRAFT, user, now)
        elif pk in changed:
            # A draft saved again, or a returned row being corrected: the same state, the save in history.
            _set_state(submission, submission.state, user, now)


def _complete(round_, initiative_id):
    milestone = round_.milestones.get(initiative_id=initiative_id)
    economy = round_.economy.get(initiative_id=initiative_id)
    return bool(economy.smiley) and (bool(milestone.smiley) or not milestone.text)


def _lock_round_for_review(round):
    round_ = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round_.is_published:
        raise ReportingRefused(_("Opfølgningen er offentliggjort; genåbn den først."))
    return round_


@transaction.atomic
def submission_approve(*, round, initiative, seen_version, user):
    """Approve one sent row; refused when it is not sent, or when it moved since the page was loaded."""
    round_ = _lock_round_for_review(round)
    submission = check_version(Submission, seen_version=seen_version, round=round_, initiative=initiative)
    if submission is None or submission.state != Submission.State.SENT:
        raise ReportingRefused(_("%(number)s er ikke indsendt og kan ikke godkendes.") % {"number": initiative.number})
    _set_state(submission, Submission.State.APPROVED, user, timezone.now())
    return submission


@transaction.atomic
def submissions_approve_sent(*, round, user):
    """Approve every sent row of the round; returns how many."""
    round_ = _lock_round_for_review(round)
    now = timezone.now()
    sent = list(Submission.objects.select_for_update().filter(round=round_, state=Submission.State.SENT)
                .order_by("initiative_id"))
    for submission in sent:
        _set_state(submission, Submission.State.APPROVED, user, now)
    return len(sent)


@transaction.atomic
def submission_return(*, round, initiative, comment, seen_version, user):
    """Send a sent (or approved) row back to its centre with a comment; the reporters hear of it
    (sources.submissions_returned) and may change and send it again."""
    comment = (comment or "").strip()
    if not comment:
        raise ReportingRefused(_("Skriv en kommentar, så centret ved, hvad der skal rettes."))
    round_ = _lock_round_for_review(round)
    submission = check_version(Submission, seen_version=seen_version, round=round_, initiative=initiative)
    if submission is None or submission.state not in (Submission.State.SENT, Submission.State.APPROVED):
        raise ReportingRefused(_("%(number)s er ikke indsendt og kan ikke sendes retur.") % {
            "number": initiative.number})
    _set_state(submission, Submission.State.RETURNED, user, timezone.now(), comment=comment)
    return submission


def not_approved(round_):
    """The rows of a round opened for reporting that are not approved (what publishing must confirm), in the
    agreement's order; [] for a round never opened for reporting."""
    return list(Submission.objects.filter(round=round_).exclude(state=Submission.State.APPROVED)
                .select_related("initiative", "changed_by").order_by("initiative__sort_key"))


def overdue(round_, today=None):
    """The rows not sent by a passed deadline of a round open for reporting."""
    today = today or timezone.localdate()
    if not round_.is_open_for_reporting or today <= round_.reporting_deadline:
        return []
    return [s for s in not_approved(round_) if s.state in Submission.EDITABLE]


def panel(round_):
    """What the administrator's round pages show of reporting: the rows' states counted, the overdue rows, and
    the submissions by initiative (for the grid's rows)."""
    submissions = submissions_by_initiative(round_)
    counts = {state: 0 for state in Submission.State}
    for submission in submissions.values():
        counts[submission.state] += 1
    return {"submissions": submissions, "opened": bool(submissions),
            "counts": [(Submission.State(state).label, n) for state, n in counts.items()],
            "sent": counts[Submission.State.SENT], "overdue": overdue(round_)}


def reporter_work(user, today=None):
    """A reporter's day: per round open for reporting with their centres' rows, the deadline, their rows' states
    counted, the rows still to send, and the returned rows with the comment. Three queries however many rounds."""
    today = today or timezone.localdate()
    centers = roles_of(user).center_ids
    rounds = list(FollowUpRound.objects.open_for(user).select_related("agreement").order_by("reporting_deadline"))
    submissions = {}
    for submission in (Submission.objects.filter(round__in=rounds, initiative__responsible_center_id__in=centers)
                       .select_related("initiative").order_by("initiative__sort_key")):
        submissions.setdefault(submission.round_id, []).append(submission)
    work = []
    for round_ in rounds:
        mine = submissions.get(round_.pk, [])
        work.append({
            "round": round_, "late": today > round_.reporting_deadline,
            "days_left": (round_.reporting_deadline - today).days,
            "to_send": [s for s in mine if s.editable_by_reporter],
            "returned": [s for s in mine if s.state == Submission.State.RETURNED],
            "sent": [s for s in mine if s.state == Submission.State.SENT],
            "approved": [s for s in mine if s.state == Submission.State.APPROVED],
        })
    return work
