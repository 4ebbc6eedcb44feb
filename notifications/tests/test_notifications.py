"""Notifications end to end: real e-mails through a real SMTP server on localhost (aiosmtpd), the job run twice."""

import datetime
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from budgetfollowup import services as budget_services
from budgetfollowup.models import EconomyStatus, FollowUpRound, Initiative, Milestone, Report
from dagtilbud.documents import workflow as documents
from notifications import services
from notifications.models import Delivery, Kind, Notice, Preference
from tests.shared_demo import load_demo


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.SITE_URL = "https://dagtilbud.ballerup.example"
    yield inbox
    controller.stop()


@pytest.fixture
def rounds(db):
    load_demo("organisation", "agreement")
    return {r.number: r for r in FollowUpRound.objects.select_related("agreement")}


def user(username):
    return get_user_model().objects.get(username=username)


def publish_with_changes(round_):
    """Round 2: 3.1's milestone goes from yellow to green (all districts), 3.2's economy gets red (Distrikt Nord)."""
    first = Initiative.objects.get(number="3.1")
    second = Initiative.objects.get(number="3.2")
    Milestone.objects.filter(initiative=first, round=round_).update(smiley="green")
    EconomyStatus.objects.filter(initiative=second, round=round_).update(smiley="red")
    report = budget_services.round_publish(round=round_, user=user("admin"))
    return documents.render(Report, report.pk)  # the worker's work, done here: this test is about what follows


def subject(message):
    return " ".join(str(message["Subject"]).split())  # unfolded, as a mail client shows it


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_publishing_tells_the_committee_and_the_district_leaders_once(rounds, smtp):
    documents.render(Report, Report.objects.get(round=rounds[1]).pk)  # the demo's own round 1 report
    services.notices_run()
    smtp.messages.clear()
    report = publish_with_changes(rounds[2])

    first = services.notices_run()
    assert first["emailed"] >= 3

    [committee] = smtp.to("udvalg@ballerup.example")
    assert subject(committee) == "Rapport klar: Anden opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"
    text = body(committee)
    assert f"https://dagtilbud.ballerup.example/budget/opfoelgninger/{rounds[2].pk}/" in text
    assert "/notifikationer/afmeld/" in text
    assert not list(committee.iter_attachments())  # a link, never the PDF: the download checks permission
    assert committee.get_body(preferencelist=("html",)) is not None

    [north] = smtp.to("dl.nord@ballerup.example")
    assert "3.1. Understøttelse af arbejdet med kvalitet i dagtilbud: milepæl: Ikke fuldt nået, realistisk → Nået" \
        in body(north)
    assert "3.2. Pilotprojekt om arbejdstilrettelæggelse i dagtilbud: økonomi: ingen → Budget ikke overholdt" \
        in body(north)
    [south] = smtp.to("dl.syd@ballerup.example")
    assert "3.1." in body(south) and "3.2." not in body(south)  # 3.2 concerns Distrikt Nord only
    assert not smtp.to("pl.mette@ballerup.example")

    sent = len(smtp.messages)
    assert services.notices_run() == {"created": 0, "emailed": 0, "digests": 0}
    assert len(smtp.messages) == sent
    assert Notice.objects.filter(kind=Kind.REPORT_READY, key=f"report:{report.pk}").count() == 1


def test_weekly_digest_is_one_email_a_week(rounds, smtp):
    dl = user("dl.nord")
    Preference.objects.create(user=dl, kind=Kind.SMILEY_CHANGES, delivery=Delivery.WEEKLY)
    monday = timezone.make_aware(datetime.datetime(2026, 11, 16, 8, 0))
    publish_with_changes(rounds[2])
    services.notices_run(now=monday)
    Notice.objects.filter(recipient=dl).update(created_at=monday)
    for day in range(7):  # the daily job, all week: the notice waits for next week's digest
        services.notices_run(now=monday + datetime.timedelta(days=day))
    assert not smtp.to("dl.nord@ballerup.example")
    for day in range(7, 14):
        services.notices_run(now=monday + datetime.timedelta(days=day))
    [digest] = smtp.to("dl.nord@ballerup.example")
    assert subject(digest) == "Ugens notifikationer fra Dagtilbud Opfølgning"
    assert "Ændrede smileys i Distrikt Nord" in body(digest)


def test_administrators_hear_of_a_round_due_and_not_filled_in(rounds, smtp):
    due = timezone.make_aware(datetime.datetime.combine(rounds[2].date - datetime.timedelta(days=10),
                                                        datetime.time(7)))
    services.notices_run(now=due)
    [mail] = smtp.to("admin@ballerup.example")
    assert subject(mail) == "2. budgetopfølgning 2019 for Aftale om budget 2019 skal udfyldes senest 17. juni 2019"
    assert not smtp.to("udvalg@ballerup.example")


def test_administrators_hear_of_a_failed_report_with_its_reason(rounds, smtp):
    report = Report.objects.get(round=rounds[1])
    documents.fail(Report, report.pk, "WeasyPrint: skrifttypen mangler")
    services.notices_run()
    [mail] = smtp.to("admin@ballerup.example")
    assert "skrifttypen mangler" in body(mail)


def test_the_bell_counts_unread_and_opening_marks_read(rounds, client):
    publish_with_changes(rounds[2])
    services.notices_collect(now=timezone.now())
    client.force_login(user("udvalg"))
    page = client.get(reverse("notifications:notice_list")).content.decode()
    assert "1<span class=\"visually-hidden\"> ulæst</span>" in page  # one: singular
    notice = Notice.objects.get(recipient__username="udvalg", kind=Kind.REPORT_READY)
    response = client.get(reverse("notifications:notice_open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == reverse("budgetfollowup:round_detail", args=[rounds[2].pk])
    assert Notice.objects.get(pk=notice.pk).read_at is not None
    assert "> ulæst" not in client.get(reverse("notifications:notice_list")).content.decode()

    client.force_login(user("dl.syd"))  # someone else's notice does not exist for them
    assert client.get(reverse("notifications:notice_open", args=[notice.pk])).status_code == 404


def test_unsubscribe_link_asks_then_stops_that_kind_of_email(rounds, smtp, client):
    member = user("udvalg")
    link = services.unsubscribe_url(member, Kind.REPORT_READY).removeprefix("https://dagtilbud.ballerup.example")
    assert "Vil du stoppe e-mails om" in client.get(link).content.decode()
    assert not Preference.objects.filter(user=member).exists()  # a GET (a mail scanner) changes nothing
    client.post(link)
    assert Preference.objects.get(user=member, kind=Kind.REPORT_READY).delivery == Delivery.IN_APP

    publish_with_changes(rounds[2])
    services.notices_run()
    assert not smtp.to("udvalg@ballerup.example")
    assert Notice.objects.filter(recipient=member, kind=Kind.REPORT_READY).exists()  # still in the app

    forged = client.get(reverse("notifications:unsubscribe", args=["forfalsket"]))
    assert forged.status_code == 400 and "Linket er ugyldigt" in forged.content.decode()


def test_preferences_offer_the_kinds_of_the_users_roles_and_refuse_bad_values(rounds, client):
    client.force_login(user("dl.nord"))
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Smileys er ændret på indsatser i mit distrikt" in page
    assert "Et tilsyn i mine huse nærmer sig" in page
    assert "En rapport kunne ikke dannes" not in page
    bad = client.post(reverse("notifications:preferences"), {"smiley_changes": "fax", "action_deadline": "email"})
    assert bad.status_code == 200 and "Marker en gyldig valgmulighed" in bad.content.decode()
    assert not Preference.objects.exists()
    client.post(reverse("notifications:preferences"), {"smiley_changes": "weekly", "action_deadline": "in_app",
                                                        "supervision": "email"})
    assert dict(Preference.objects.filter(user__username="dl.nord").values_list("kind", "delivery")) == {
        "smiley_changes": "weekly", "action_deadline": "in_app", "supervision": "email"}


def test_anonymous_users_have_no_notifications(client, db):
    assert client.get(reverse("notifications:notice_list")).status_code == 302


def test_evaluation_action_deadlines_reach_the_owning_districts_leader_once(rounds, smtp):
    from evaluations import demo as evaluation_demo
    from evaluations.models import Action

    evaluation_demo.load_evaluation()
    services.notices_run()
    [south] = smtp.to("dl.syd@ballerup.example")  # Distrikt Syd's action is 20 days overdue in the demo
    assert subject(south).startswith("Frist overskredet: Gennemgå ledelsesspændet i distriktet")
    assert not smtp.to("dl.nord@ballerup.example")  # Nord's is 30 days away: not yet
    assert any("Frist overskredet: Afdæk de administrative opgaver" in subject(m)
               for m in smtp.to("admin@ballerup.example"))  # owned by a named group: the administrators

    sent = len(smtp.messages)
    services.notices_run()
    assert len(smtp.messages) == sent

    nord = Action.objects.get(owner_district__name="Distrikt Nord")
    nord.due_date = timezone.localdate() + datetime.timedelta(days=7)
    nord.save()
    services.notices_run()
    [north] = smtp.to("dl.nord@ballerup.example")
    assert subject(north).startswith("Frist om kort tid: Gennemgå ledelsesspændet")


def test_supervision_reaches_the_houses_leaders_once(db, smtp):
    load_demo("organisation", "agreement", "supervision")
    services.notices_run()
    mette = [subject(m) for m in smtp.to("pl.mette@ballerup.example")]
    planned = timezone.localdate() + datetime.timedelta(days=21)  # the demo's coming visit to Egebjerg
    assert f"Tilsyn {planned.day}. " in " ".join(mette) and any(s.endswith(": Børnehuset Egebjerg") for s in mette)
    # The demo's planned visit has its self-assessment answered: the notice does not ask for it again.
    assert "Selvevalueringen er besvaret" in body(smtp.to("pl.mette@ballerup.example")[0])
    north = [subject(m) for m in smtp.to("dl.nord@ballerup.example")]
    assert "Tilsyn overskredet: Børnehuset Grantoften" in north  # the follow-up visit three months on
    assert any(s.startswith("Påbud over frist: Udarbejd en handleplan") for s in north)
    assert not any("Grantoften" in subject(m) or "Egebjerg" in subject(m)
                   for m in smtp.to("dl.syd@ballerup.example"))  # another district's houses

    sent = len(smtp.messages)
    services.notices_run()
    assert len(smtp.messages) == sent


def test_an_english_reader_gets_the_notice_and_the_e_mail_in_english(rounds, smtp):
    from districts.models import Profile

    Profile.objects.create(user=user("udvalg"), language="en")
    documents.render(Report, Report.objects.get(round=rounds[1]).pk)
    services.notices_run()
    [mail] = smtp.to("udvalg@ballerup.example")
    assert subject(mail) == "Report ready: First follow-up on Aftale om budget 2019 for Børne- og Skoleudvalget"
    text = body(mail)
    assert text.startswith("Dear ") and "See more: https://dagtilbud.ballerup.example/" in text
    assert "is published, and the report can be downloaded" in text
    assert "Stop e-mails of this kind" in text
    assert '<html lang="en">' in mail.get_body(preferencelist=("html",)).get_content()
    # The same notice in the app reads as the e-mail did; a Danish reader's stays Danish.
    assert Notice.objects.get(recipient=user("udvalg")).subject.startswith("Report ready: ")
    others = Notice.objects.exclude(recipient=user("udvalg")).filter(kind=Kind.REPORT_READY)
    assert all(n.subject.startswith("Rapport klar: Første opfølgning") for n in others)


def test_the_bells_count_is_remembered_yet_a_new_or_read_notice_shows_at_once(rounds, monkeypatch):
    from django.test import Client

    from notifications.sources import Candidate

    member, leader = Client(), Client()
    member.force_login(user("udvalg"))
    leader.force_login(user("dl.syd"))
    bell = reverse("notifications:notice_list")
    assert "ulæst" not in member.get(bell).content.decode()
    assert "ulæst" not in member.get(bell).content.decode()  # remembered: still right

    Notice.objects.create(recipient=user("udvalg"), kind=Kind.REPORT_READY, key="a", subject="Klar", body="", url="/")
    assert "1<span class=\"visually-hidden\"> ulæst</span>" in member.get(bell).content.decode()
    assert "ulæst" not in leader.get(bell).content.decode()  # never another person's count

    # The job's notices come by bulk_create, which sends no signal: the count follows all the same.
    candidate = Candidate(recipient_id=user("udvalg").pk, kind=Kind.ROUND_DUE, key="b", subject="Frist", body="",
                          url="/")
    monkeypatch.setattr(services, "SOURCES", [lambda now: [candidate]])
    services.notices_collect(now=timezone.now())
    assert "2<span class=\"visually-hidden\"> ulæste</span>" in member.get(bell).content.decode()
    assert "ulæst" not in leader.get(bell).content.decode()

    member.post(reverse("notifications:mark_all_read"))  # an update, no signal either
    assert "ulæst" not in member.get(bell).content.decode()
