"""Reporting's notices: reporters hear when a round opens for their centre, before and on the deadline while rows are
not sent, and when a row is returned with a comment; each once, by e-mail in their language and in the app."""

import datetime

from django.utils import timezone

from budgetfollowup import demo as budget_demo
from budgetfollowup import reporting
from budgetfollowup.models import FollowUpRound, Initiative, Submission
from districts.models import Profile
from notifications import services
from notifications.models import Kind, Notice

from .test_notifications import body, rounds, smtp, subject, user  # noqa: F401 - the fixtures


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_reporters_hear_of_the_opening_the_return_the_reminder_and_the_deadline_once(rounds, smtp):  # noqa: F811
    Profile.objects.create(user=user("center.bur"), language="en")
    budget_demo.load_reporting()  # round 2 open, deadline in a week; 3.3 returned with a comment
    second = FollowUpRound.objects.get(pk=rounds[2].pk)
    deadline = second.reporting_deadline
    services.notices_run(now=_at(timezone.localdate()))
    sik = smtp.to("center.sik@ballerup.example")
    assert sorted(subject(m) for m in sik) == [
        f"2. budgetopfølgning 2019 er åben for indberetning: frist {reporting_date(deadline)}",
        "Sendt retur: 3.3. Barnets første 1.000 dage"]
    opened = next(m for m in sik if "åben" in subject(m))
    assert "3.14. En sammenhængende skoledag" in body(opened) and "3.9." not in body(opened)
    returned = next(m for m in sik if "retur" in subject(m))
    assert "Skriv venligst, hvornår forløbet starter" in body(returned)
    bur = smtp.to("center.bur@ballerup.example")
    assert [subject(m) for m in bur] == [f"Budget follow-up 2, 2019 is open for reporting: deadline "
                                         f"{english_date(deadline)}"]
    assert "3.9. Headspace" in body(bur[0])
    assert not smtp.to("udvalg@ballerup.example") and not smtp.to("admin@ballerup.example")
    # Run again: nothing new. Five days before the deadline (the municipality's setting): a reminder of the rows
    # not sent; then on the day; each once.
    services.notices_run(now=_at(timezone.localdate()))
    assert len(smtp.to("center.sik@ballerup.example")) == 2
    services.notices_run(now=_at(deadline - datetime.timedelta(days=5)))
    services.notices_run(now=_at(deadline - datetime.timedelta(days=4)))
    reminders = [m for m in smtp.to("center.sik@ballerup.example") if "Påmindelse" in subject(m)]
    assert len(reminders) == 1 and "3.3. Barnets" in body(reminders[0]) and "3.1. " not in body(reminders[0])
    # center.bur sends all its rows before the deadline: no reminder on the day for them.
    for number in ("3.9", "3.11"):
        Submission.objects.filter(round=second, initiative__number=number).update(state="sent")
    services.notices_run(now=_at(deadline))
    assert [subject(m) for m in smtp.to("center.sik@ballerup.example")][-1] == (
        "Fristen for indberetning til 2. budgetopfølgning 2019 er i dag")
    assert not any("today" in subject(m) for m in smtp.to("center.bur@ballerup.example"))
    assert Notice.objects.filter(recipient__username="center.sik", kind=Kind.REPORTING).count() == 3
    # A second return of the same row is news again.
    submission = Submission.objects.get(round=second, initiative=Initiative.objects.get(number="3.1"))
    reporting.submission_return(round=second, initiative=submission.initiative, comment="Mere om økonomien.",
                                seen_version=submission.version, user=user("admin"))
    services.notices_run(now=timezone.now())
    assert "Mere om økonomien." in body(smtp.to("center.sik@ballerup.example")[-1])


def reporting_date(day):
    from dagtilbud import formatting

    return formatting.danish_date(day)


def english_date(day):
    from django.utils import translation

    from dagtilbud import formatting

    with translation.override("en"):
        return formatting.danish_date(day)
