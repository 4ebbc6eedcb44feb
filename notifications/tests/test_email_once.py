"""E-mail once, and never twice: through a real SMTP server on localhost (aiosmtpd) that refuses or delays some
messages, the job run again as Celery beat would."""

import asyncio
import email
import socket
import threading
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.db import connection

from notifications import services
from notifications.models import Delivery, Kind, Notice, Preference
from tests.shared_demo import load_demo

PEOPLE = ["admin", "udvalg", "dl.nord", "dl.syd", "pl.mette"]


class MailServer:
    """Accepts every message except the attempts numbered in `refuse` (1-based), after `delay` seconds each."""

    def __init__(self, refuse=(), delay=0):
        self.refuse, self.delay = set(refuse), delay
        self.attempts = 0
        self.messages = []
        self.receiving = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        self.receiving.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.attempts in self.refuse:
            return "554 5.7.1 Message refused"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def received(self):
        """[(recipient, subject)] in the order the server accepted them."""
        return [(m["To"], " ".join(str(m["Subject"]).split())) for m in self.messages]


@pytest.fixture
def mail_server(settings):
    servers = []

    def start(**kwargs):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = MailServer(**kwargs)
        controller = Controller(server, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.SITE_URL = "https://dagtilbud.ballerup.example"
        return server

    yield start
    for controller in servers:
        controller.stop()


def person(username):
    return get_user_model().objects.get(username=username)


def notice_for(username, subject, kind=Kind.REPORT_READY):
    return Notice.objects.create(recipient=person(username), kind=kind, key=f"test:{subject}", subject=subject,
                                 body="Se siden.", url="/")


@pytest.mark.django_db
def test_a_refused_message_is_sent_by_the_next_run_and_nobody_gets_an_email_twice(mail_server):
    load_demo("organisation")
    server = mail_server(refuse={3})
    expected = []
    for number, username in enumerate(PEOPLE, start=1):
        notice_for(username, f"Besked nummer {number}")
        expected.append((person(username).email, f"Besked nummer {number}"))

    services.notices_run()
    assert server.attempts == 5  # the refusal of the third stopped nothing
    assert server.received() == expected[:2] + expected[3:]
    assert Notice.objects.filter(emailed_at__isnull=True).count() == 1

    services.notices_run()
    assert sorted(server.received()) == sorted(expected)  # each person has each e-mail, exactly once
    assert not Notice.objects.filter(emailed_at__isnull=True).exists()

    services.notices_run()
    assert len(server.received()) == 5


@pytest.mark.django_db
def test_in_app_only_and_weekly_notices_are_not_pending_email(mail_server):
    load_demo("organisation")
    server = mail_server()
    Preference.objects.create(user=person("dl.nord"), kind=Kind.SMILEY_CHANGES, delivery=Delivery.IN_APP)
    Preference.objects.create(user=person("dl.syd"), kind=Kind.SMILEY_CHANGES, delivery=Delivery.WEEKLY)
    in_app = notice_for("dl.nord", "Kun i systemet", kind=Kind.SMILEY_CHANGES)
    weekly = notice_for("dl.syd", "Til ugens sammendrag", kind=Kind.SMILEY_CHANGES)
    at_once = notice_for("dl.nord", "Med det samme", kind=Kind.ACTION_DEADLINE)
    assert list(services.notices_pending_email()) == [at_once]
    assert services.notices_email(now=at_once.created_at) == 1
    assert server.received() == [("dl.nord@ballerup.example", "Med det samme")]
    assert Notice.objects.get(pk=in_app.pk).emailed_at is None
    assert Notice.objects.get(pk=weekly.pk).emailed_at is None


@pytest.mark.django_db(transaction=True)
def test_opening_a_notice_does_not_wait_for_the_emails_being_sent(mail_server):
    """The job used to hold every pending notice locked, those it would never e-mail included, until the last
    message was sent: a person who chose in-app only clicked the bell and waited for everyone else's e-mail."""
    load_demo("organisation")
    server = mail_server(delay=2)
    Preference.objects.create(user=person("dl.nord"), kind=Kind.SMILEY_CHANGES, delivery=Delivery.IN_APP)
    in_app = notice_for("dl.nord", "Kun i systemet", kind=Kind.SMILEY_CHANGES)
    notice_for("udvalg", "Første e-mail")
    notice_for("admin", "Anden e-mail")

    def job():
        try:
            services.notices_run()
        finally:
            connection.close()

    sending = threading.Thread(target=job)
    sending.start()
    try:
        assert server.receiving.wait(timeout=30), "the job never reached the mail server"
        started = time.monotonic()
        services.notice_open(notice=Notice.objects.get(pk=in_app.pk))
        assert time.monotonic() - started < 1.5
    finally:
        sending.join(timeout=60)
    assert Notice.objects.get(pk=in_app.pk).read_at is not None
    assert sorted(subject for _to, subject in server.received()) == ["Anden e-mail", "Første e-mail"]
