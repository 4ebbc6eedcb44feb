"""Supervision (tilsyn): the visits to each institution, what the supervisor assessed and ordered, and the
administration's configuration: the quality dimensions, the scale with its rule for the next visit, and the
self-assessment questions a leader answers before a visit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dagtilbud.documents.models import RenderedPDF
from dagtilbud.history import HistoricalRecords
from districts.models import ANSWER, Institution


class SupervisionSettings(models.Model):
    """The supervision's settings beyond the scale: the unit that supervises, which signs its reports (not the unit
    that publishes the budget follow-up). One row, edited on the settings page."""

    DEFAULT_UNIT = "Tilsyn med dagtilbud"

    unit = models.CharField(
        _("enhed, der fører tilsyn"), max_length=200, default=DEFAULT_UNIT,
        help_text=_("Står som afsender på tilsynsrapporterne, fx “Center for Dagtilbud, Tilsynsenheden”."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indstillinger for tilsyn")
        verbose_name_plural = _("indstillinger for tilsyn")

    def __str__(self):
        return self.unit

    @classmethod
    def current(cls):
        """The saved settings, or the defaults before anyone has saved them."""
        return cls.objects.order_by("pk").first() or cls()


class QualityDimension(models.Model):
    """What the supervisor assesses, e.g. the three KIDS themes: physical environment, relationships, play and
    activities."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("rækkefølge"), default=0)
    active = models.BooleanField(_("i brug"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kvalitetsdimension")
        verbose_name_plural = _("kvalitetsdimensioner")

    def __str__(self):
        return self.name


class QualityLevel(models.Model):
    """A step on the assessment scale, and the rule that follows from it: how long until the next ordinary visit,
    and whether a follow-up visit comes first. `rank` 1 is the best quality; a visit is as good as its weakest
    dimension."""

    name = models.CharField(_("navn"), max_length=80, unique=True)
    rank = models.PositiveIntegerField(_("placering"), unique=True, help_text=_("1 er den højeste kvalitet."))
    interval_months = models.PositiveIntegerField(
        _("måneder til næste tilsyn"), help_text=_("Fra tilsynets dato til næste ordinære tilsyn."))
    follow_up_months = models.PositiveIntegerField(
        _("måneder til opfølgende besøg"), null=True, blank=True,
        help_text=_("Tom: intet opfølgende besøg."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("kvalitetsniveau")
        verbose_name_plural = _("kvalitetsniveauer")
        constraints = [
            models.CheckConstraint(condition=models.Q(interval_months__gte=1, interval_months__lte=60),
                                   name="quality_level_interval_range",
                                   violation_error_message=_("Der skal gå mellem 1 og 60 måneder til næste "
                                                             "tilsyn.")),
            models.CheckConstraint(condition=models.Q(follow_up_months__isnull=True)
                                   | models.Q(follow_up_months__gte=1, follow_up_months__lt=models.F(
                                       "interval_months")),
                                   name="quality_level_follow_up_before_next",
                                   violation_error_message=_("Det opfølgende besøg skal ligge før næste "
                                                             "ordinære tilsyn.")),
        ]

    def __str__(self):
        return self.name


class SelfAssessmentQuestion(models.Model):
    text = models.CharField(_("spørgsmål"), max_length=300)
    position = models.PositiveIntegerField(_("rækkefølge"), default=0)
    active = models.BooleanField(_("i brug"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("spørgsmål til selvevaluering")
        verbose_name_plural = _("spørgsmål til selvevaluering")

    def __str__(self):
        return self.text


class VisitQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        return self.filter(institution__in=Institution.objects.for_user(user, ANSWER))

    def completed(self):
        return self.filter(state=SupervisionVisit.State.COMPLETED)

    def planned(self):
        return self.filter(state=SupervisionVisit.State.PLANNED)


class SupervisionVisit(models.Model):
    class Kind(models.TextChoices):
        PEDAGOGICAL = "pedagogical", _("Pædagogisk tilsyn")
        FIRE = "fire", _("Brandtilsyn")
        HYGIENE = "hygiene", _("Hygiejnetilsyn")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        COMPLETED = "completed", _("Gennemført")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="supervision_visits",
                                    verbose_name=_("institution"))
    visit_date = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PEDAGOGICAL)
    announced = models.BooleanField(_("anmeldt"), default=True)
    ordinary = models.BooleanField(_("ordinært"), default=True,
                                   help_text=_("Ikke ordinært: et skærpet eller opfølgende tilsyn."))
    supervisor = models.CharField(_("tilsynsførende"), max_length=200)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.PLANNED)
    findings = models.TextField(_("fund"), blank=True)
    remarks = models.TextField(_("bemærkninger"), blank=True)
    recommendations = models.TextField(_("anbefalinger"), blank=True)
    # Optimistic lock: a save names the version it was based on (services.visit_save).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visit_date", "-pk"]
        verbose_name = _("tilsynsbesøg")
        verbose_name_plural = pgettext_lazy("flertal", "tilsynsbesøg")  # English: "supervision visits"
        indexes = [models.Index(fields=["institution", "kind", "state", "visit_date"])]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.institution}, {self.visit_date:%d.%m.%Y}"

    def clean(self):
        if self.state == self.State.COMPLETED and self.visit_date and self.visit_date > timezone.localdate():
            raise ValidationError({"visit_date": _("Et gennemført tilsyn kan ikke ligge i fremtiden.")})

    @property
    def is_completed(self):
        return self.state == self.State.COMPLETED

    @property
    def is_pedagogical(self):
        return self.kind == self.Kind.PEDAGOGICAL


class Assessment(models.Model):
    """The supervisor's assessment of one dimension at one visit."""

    visit = models.ForeignKey(SupervisionVisit, on_delete=models.CASCADE, related_name="assessments")
    dimension = models.ForeignKey(QualityDimension, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("dimension"))
    level = models.ForeignKey(QualityLevel, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("vurdering"))
    note = models.TextField(_("begrundelse"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__position", "dimension__name"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        constraints = [models.UniqueConstraint(fields=["visit", "dimension"], name="assessment_unique_dimension")]


class OrderQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        return self.filter(visit__in=SupervisionVisit.objects.for_user(user))

    def open(self):
        return self.filter(closed_on__isnull=True)


class Order(models.Model):
    """A påbud: what the institution must put right, by when; open until the supervisor closes it."""

    visit = models.ForeignKey(SupervisionVisit, on_delete=models.CASCADE, related_name="orders")
    text = models.TextField(_("påbud"))
    due_date = models.DateField(_("frist"))
    closed_on = models.DateField(_("lukket den"), null=True, blank=True)

    objects = OrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("påbud")
        verbose_name_plural = pgettext_lazy("flertal", "påbud")  # English: "orders"

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self):
        return self.closed_on is None

    def is_overdue(self, today):
        return self.is_open and self.due_date < today


class OrderFollowUp(models.Model):
    """What was done about an order, noted by the leader or the supervisor, until it is closed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="follow_ups")
    noted_on = models.DateField(_("dato"), default=timezone.localdate)
    text = models.TextField(_("opfølgning"))
    closes = models.BooleanField(_("påbuddet er efterkommet og lukkes"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["noted_on", "pk"]
        verbose_name = _("opfølgning på påbud")
        verbose_name_plural = _("opfølgninger på påbud")


class SelfAssessmentAnswer(models.Model):
    """The leader's answer to one question before a visit."""

    visit = models.ForeignKey(SupervisionVisit, on_delete=models.CASCADE, related_name="self_assessment")
    question = models.ForeignKey(SelfAssessmentQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(_("svar"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__position", "question__pk"]
        verbose_name = _("svar på selvevaluering")
        verbose_name_plural = pgettext_lazy("flertal", "svar på selvevaluering")
        constraints = [models.UniqueConstraint(fields=["visit", "question"], name="self_assessment_unique")]


class SupervisionReport(RenderedPDF):
    """The supervision report of a completed visit as a PDF, as it stood when requested; versions are kept."""

    owner_field = "visit"
    html_builder = "supervision.reports.report_html"
    download_view = "supervision:report_download"
    area_permission = "supervision.view_supervision"
    view_permission = "supervision.view_supervision_report"
    retry_view = "supervision:report_retry"
    retry_permission = "supervision.manage_supervision"

    visit = models.ForeignKey(SupervisionVisit, on_delete=models.CASCADE, related_name="reports")

    class Meta(RenderedPDF.Meta):
        verbose_name = _("tilsynsrapport")
        verbose_name_plural = _("tilsynsrapporter")
        constraints = [models.UniqueConstraint(fields=["visit", "version"], name="supervision_report_unique_version")]

    def __str__(self):
        return f"{self.visit} (v{self.version})"

    @property
    def filename(self):
        return f"tilsynsrapport-{self.visit_id}-v{self.version}.pdf"

    def pdf_folder(self):
        return f"supervision/{self.visit_id}"

    @classmethod
    def check_request(cls, visit):
        if not visit.is_completed:
            raise ValidationError(_("Der dannes først en tilsynsrapport, når tilsynet er gennemført."))

    def get_absolute_url(self):
        return reverse("supervision:visit", args=[self.visit_id])


class Schedule(models.Model):
    """Each institution's next pedagogical visit as the rule gives it (supervision.schedule), stored so that the
    district and municipality roll-ups are counted in the database. Written only by services.schedule_refresh,
    after every change a due date depends on (a visit saved, the rule changed); pages about a few houses compute
    the same thing live, and a test holds the two equal."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, primary_key=True,
                                       related_name="supervision_schedule")
    basis = models.ForeignKey(SupervisionVisit, null=True, on_delete=models.SET_NULL, related_name="+")
    level = models.ForeignKey(QualityLevel, null=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(null=True)
    follow_up_on = models.DateField(null=True)
    # The first visit due (the follow-up, else the ordinary one); None: due at once.
    next_date = models.DateField(null=True, db_index=True)

    class Meta:
        verbose_name = _("tilsynsplan")
        verbose_name_plural = _("tilsynsplaner")
