from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .texts import render


class Kind(models.TextChoices):
    REPORT_READY = "report_ready", _("En opfølgningsrapport fra mit udvalg er klar")
    SMILEY_CHANGES = "smiley_changes", _("Smileys er ændret på indsatser i mit distrikt")
    ROUND_DUE = "round_due", _("En opfølgning nærmer sig og er ikke udfyldt")
    REPORT_FAILED = "report_failed", _("En rapport kunne ikke dannes")
    ACTION_DEADLINE = "action_deadline", _("En handling fra en evaluering har frist, er overskredet eller udløber")
    SUPERVISION = "supervision", _("Et tilsyn i mine huse nærmer sig eller er overskredet, eller et påbud er over "
                                   "frist")
    LEARNING_PLAN = "learning_plan", _(
        "En evaluering af læreplanen venter på mig, er sendt retur eller godkendt, eller evalueringen nærmer sig "
        "eller er overskredet")
    REPORTING = "reporting", _("En opfølgning er åben for indberetning for mit center, eller fristen nærmer sig")
    SUBMISSION_RETURNED = "submission_returned", _("Min indberetning er sendt retur med en kommentar")
    FORECAST_SENT = "forecast_sent", _("En kapacitetsprognose er sendt til mit udvalg")


class Delivery(models.TextChoices):
    EMAIL = "email", _("E-mail med det samme og her i systemet")
    IN_APP = "in_app", _("Kun her i systemet")
    WEEKLY = "weekly", _("Ugentligt sammendrag på e-mail")


# The revision (dagtilbud/revision.py) under which each person's unread count is remembered: moved by every save and
# delete of a Notice (notifications/apps.py), and by the writes that send no signal (services.notices_collect's
# bulk_create, notices_mark_all_read's update).
UNREAD_REVISION = "notices-revision"


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """A user's own notices; nobody sees another's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """One thing one person should hear of. The unique key makes every job that creates notices safe to run twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=100, help_text="What the notice is about, e.g. report:12.")
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    url = models.CharField(max_length=300)  # a path in the app; e-mails make it absolute with SITE_URL
    # The subject's and body's words as text parts (texts.py), rendered in the language of the page that shows them;
    # subject and body above are the same words in the recipient's language, for the e-mail. Empty on notices made
    # before the recipe was kept: those show their stored words, marked with the language they are in.
    texts = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Set by the job that is sending the notice's e-mail right now (services.notices_email), so no other job sends
    # it too; a claim older than EMAIL_CLAIM_STALE is a job that died and may be taken over.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notifikation")
        verbose_name_plural = _("notifikationer")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="notice_once_per_recipient"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]

    def __str__(self):
        return self.subject

    @property
    def shown_subject(self):
        """The subject in the active language (the page's), where the recipe is kept."""
        return render(self.texts["subject"]) if self.texts else self.subject

    @property
    def shown_body(self):
        return render(self.texts["body"]) if self.texts else self.body

    @property
    def stored_language(self):
        """The language of the stored words when they are shown as stored (no recipe), else None."""
        return None if self.texts else settings.LANGUAGE_CODE


class Preference(models.Model):
    """How a user wants to hear of one kind of notice. No row means e-mail at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    delivery = models.CharField(_("levering"), max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_one_per_kind")]


class Digest(models.Model):
    """The weekly e-mail a user got; one per user and week, so a job run twice sends it once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the week the digest was sent in.")
    sent_at = models.DateTimeField(auto_now_add=True)
    notice_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_one_per_week")]
