"""The notification workflow: collect what there is to tell, then deliver it as each person chose.

`notices_run` is the whole job (Celery beat runs it; see dagtilbud/celery.py). Every step is safe to run twice: a
notice is unique per recipient, kind and key; an e-mail is sent for a notice only while it has none; a weekly digest
is unique per person and week.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from dagtilbud import revision
from districts.language import languages_of

from .models import UNREAD_REVISION, Delivery, Digest, Kind, Notice, Preference
from .sources import SOURCES

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def notices_collect(*, now):
    """Create the notices the sources find that do not exist yet; returns the new ones."""
    # A notice is written in its recipient's language (it is both the page's text and the e-mail's): the sources run
    # once per language in use, each keeping the candidates of the people who read that language.
    chosen = languages_of(get_user_model().objects.filter(profile__isnull=False).values("pk"))
    candidates = []
    for language in {settings.LANGUAGE_CODE, *chosen.values()}:
        with translation.override(language):
            candidates += [c for source in SOURCES for c in source(now)
                           if chosen.get(c.recipient_id, settings.LANGUAGE_CODE) == language]
    existing = set(Notice.objects.filter(key__in={c.key for c in candidates}).values_list(
        "recipient_id", "kind", "key"))
    new = [Notice(recipient_id=c.recipient_id, kind=c.kind, key=c.key, subject=c.subject, body=c.body, url=c.url)
           for c in candidates if (c.recipient_id, c.kind, c.key) not in existing]
    # A job running at the same moment may have made some of them: the unique constraint keeps one.
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        revision.bump(UNREAD_REVISION)  # bulk_create sends no signal
    return new


def deliveries(user_ids):
    """{(user id, kind): delivery} for the users' stored choices; a missing pair means e-mail."""
    return {(p.user_id, p.kind): p.delivery for p in Preference.objects.filter(user_id__in=user_ids)}


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user, kind):
    token = signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def read_unsubscribe_token(token):
    """(user, kind) from a link in an e-mail, or None for a link that is forged or damaged."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return get_user_model().objects.get(pk=data["user"]), Kind(data["kind"])
    except (signing.BadSignature, KeyError, ValueError, TypeError, get_user_model().DoesNotExist):
        return None


def _send(*, user, subject, template, context):
    """An e-mail in the person's own language (their profile; Danish without one)."""
    with translation.override(languages_of([user.pk]).get(user.pk, settings.LANGUAGE_CODE)):
        subject = str(subject)  # a lazy subject is translated here, in the recipient's language
        context = {**context, "user": user, "site_url": settings.SITE_URL,
                   "preferences_url": absolute(reverse("notifications:preferences"))}
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"notifications/email/{template}.txt", context), to=[user.email])
        message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
        message.send()


# A claim this old belongs to a job that died between claiming a notice and marking it sent: another job may
# take the notice over. Far longer than sending one e-mail takes, shorter than anyone waits for news.
EMAIL_CLAIM_STALE = datetime.timedelta(minutes=15)


def notices_pending_email():
    """Notices still to be e-mailed at once: unread, not sent, to an active person with an address, of a kind they
    did not choose to hear of only in the app or in the weekly digest."""
    other_choice = Preference.objects.filter(user=OuterRef("recipient"), kind=OuterRef("kind")).exclude(
        delivery=Delivery.EMAIL)
    return (Notice.objects.filter(emailed_at__isnull=True, read_at__isnull=True, recipient__is_active=True)
            .exclude(recipient__email="").exclude(Exists(other_choice)))


def _claim(notice_id, now):
    """Take one notice for sending; False if it was sent meanwhile or another job has it. One conditional UPDATE,
    so two jobs cannot both take it, on PostgreSQL and SQLite alike."""
    free = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_CLAIM_STALE)
    return bool(Notice.objects.filter(free, pk=notice_id, emailed_at__isnull=True).update(email_claimed_at=now))


def notices_email(*, now):
    """E-mail the notices of people who want them at once; returns how many were sent.

    One notice at a time: claim it, send it, mark it sent. A sent e-mail cannot be taken back, so its mark is
    committed at once and never rolled back by a later message's failure; a message the mail server refuses is
    released and tried again by the next run, and the others go out meanwhile."""
    sent = 0
    for notice_id in list(notices_pending_email().order_by("pk").values_list("pk", flat=True)):
        if not _claim(notice_id, now):
            continue
        notice = Notice.objects.select_related("recipient").get(pk=notice_id)
        try:
            _send(user=notice.recipient, subject=notice.subject, template="notice", context={
                "notice": notice, "url": absolute(notice.url),
                "unsubscribe_url": unsubscribe_url(notice.recipient, notice.kind)})
        except (smtplib.SMTPException, OSError):
            logger.warning("E-mail for notice %s was not sent; the next run tries again.", notice_id, exc_info=True)
            Notice.objects.filter(pk=notice_id).update(email_claimed_at=None)
            continue
        Notice.objects.filter(pk=notice_id).update(emailed_at=now)
        sent += 1
    return sent


def week_start(now):
    today = timezone.localdate(now)
    return today - datetime.timedelta(days=today.weekday())


def digests_send(*, now):
    """Once a week, the first run after Monday begins: one e-mail per person with last week's notices of the kinds
    they chose to hear of weekly. Returns how many digests were sent."""
    this_week = week_start(now)
    started = timezone.make_aware(datetime.datetime.combine(this_week, datetime.time.min))
    weekly = Preference.objects.filter(delivery=Delivery.WEEKLY)
    sent = 0
    for user in get_user_model().objects.filter(notice_preferences__in=weekly, is_active=True).exclude(
            email="").distinct():
        kinds = list(weekly.filter(user=user).values_list("kind", flat=True))
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(user=user, week=this_week,
                                                           defaults={"notice_count": 0})
            if not created:
                continue
            notices = list(Notice.objects.select_for_update().filter(
                recipient=user, kind__in=kinds, emailed_at__isnull=True, created_at__lt=started))
            if not notices:
                transaction.set_rollback(True)  # nothing to tell: no digest this week, try again next run
                continue
            try:
                _send(user=user, subject=gettext_lazy("Ugens notifikationer fra Dagtilbud Opfølgning"),
                      template="digest", context={"notices": [(n, absolute(n.url)) for n in notices]})
            except (smtplib.SMTPException, OSError):
                # Nothing recorded: the digest is sent by the next run. The others' digests go out meanwhile.
                logger.warning("Weekly digest for user %s was not sent; the next run tries again.", user.pk,
                               exc_info=True)
                transaction.set_rollback(True)
                continue
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=now)
            digest.notice_count = len(notices)
            digest.save(update_fields=["notice_count"])
            sent += 1
    return sent


def notices_run(*, now=None):
    now = now or timezone.now()
    created = notices_collect(now=now)
    return {"created": len(created), "emailed": notices_email(now=now), "digests": digests_send(now=now)}


def notice_open(*, notice, now=None):
    if notice.read_at is None:
        notice.read_at = now or timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, user, now=None):
    marked = Notice.objects.for_user(user).unread().update(read_at=now or timezone.now())
    revision.bump(UNREAD_REVISION)  # update sends no signal
    return marked


def preferences_save(*, user, choices):
    """choices: {kind: delivery}."""
    with transaction.atomic():
        for kind, delivery in choices.items():
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
