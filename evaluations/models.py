import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dagtilbud.documents.models import RenderedPDF
from dagtilbud.history import HistoricalRecords
from dagtilbud.scoping import OwnedQuerySet
from districts.models import District
from districts.roles import roles_of

# An action whose due or expiry date is this near is flagged.
SOON = datetime.timedelta(days=60)


class EvaluationQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """Evaluations concern the whole municipality: every role reads them; a login without a role does not."""
        return self if roles_of(user).has_any else self.none()


class Evaluation(models.Model):
    title = models.CharField(_("titel"), max_length=300)
    carried_out_by = models.CharField(_("udført af"), max_length=200, help_text=_("Fx “Epinion”."))
    period = models.CharField(_("periode"), max_length=100, help_text=_("Fx “efteråret og vinteren 2021-2022”."))
    commissioned_by = models.CharField(_("bestilt af"), max_length=200)
    # What led to the evaluation and what it measured against, in the municipality's words; shown before the goals
    # (without it the pages say who carried it out, when and for whom).
    background = models.TextField(_("baggrund"), blank=True)
    conclusion = models.TextField(_("overordnet konklusion"), blank=True)
    # The status report's own opening, e.g. which period the statuses cover; shown before the goals' statuses.
    status_intro = models.TextField(_("indledning til status"), blank=True)
    report_file = models.FileField(_("evalueringsrapport (PDF)"), upload_to="evaluations/", blank=True)
    # Optimistic lock: an edit names the version it was based on (services.evaluation_save).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")

    def __str__(self):
        return self.title


class Goal(models.Model):
    """One of the aims the evaluation measured against (the six “ønsker” of the seed)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("mål"))

    owner_field = "evaluation"  # seen by whoever sees it (dagtilbud.scoping)
    objects = OwnedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "number"]
        verbose_name = _("mål")
        verbose_name_plural = pgettext_lazy("flertal", "mål")  # English: "goals"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="goal_unique_number",
                                    violation_error_message=_("Evalueringen har allerede et mål med det nummer.")),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"


class Recommendation(models.Model):
    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Anbefaling")
        ACKNOWLEDGEMENT = "acknowledgement", _("Anerkendelse")
        POTENTIAL = "potential", _("Potentiale for fortsat udvikling")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="recommendations")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION)
    text = models.TextField(_("tekst"))
    goals = models.ManyToManyField(Goal, blank=True, related_name="recommendations", verbose_name=_("mål"))
    districts = models.ManyToManyField(
        District, blank=True, verbose_name=_("distrikter"), help_text=_("Ingen valgt: hele kommunen."))

    history = HistoricalRecords(m2m_fields=[goals, districts])

    owner_field = "evaluation"  # seen by whoever sees it (dagtilbud.scoping)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "kind", "pk"]
        verbose_name = _("anbefaling")
        verbose_name_plural = _("anbefalinger")

    def __str__(self):
        return self.text


class Assessment(models.TextChoices):
    """The small scale a status is given on. Shown with words and a sign, never colour alone."""

    POSITIVE = "positive", _("Positiv udvikling")
    UNDER_WAY = "under_way", _("Undervejs")
    ATTENTION = "attention", _("Kræver opmærksomhed")


class StatusUpdate(models.Model):
    """The status of a goal or a recommendation as of a date. Updates accumulate and are never edited: the
    history over the years is the point, and a correction is a newer update."""

    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="status_updates")
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="status_updates")
    as_of = models.DateField(_("status pr."))
    assessment = models.CharField(_("vurdering"), max_length=20, choices=Assessment.choices)
    text = models.TextField(_("status"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("af"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["as_of", "pk"]
        verbose_name = _("status")
        verbose_name_plural = _("statusser")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False, recommendation__isnull=True)
                | Q(goal__isnull=True, recommendation__isnull=False),
                name="status_for_goal_or_recommendation",
                violation_error_message=_("En status gælder enten et mål eller en anbefaling."),
            ),
        ]

    @property
    def target(self):
        """The goal or the recommendation the status is about."""
        return self.goal or self.recommendation


class ActionQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        return self if roles_of(user).has_any else self.none()

    def open(self):
        return self.filter(state__in=[Action.State.NOT_STARTED, Action.State.UNDER_WAY])

    def in_districts(self, district_ids):
        """The actions the districts own."""
        return self.filter(owner_district_id__in=district_ids)


class Action(models.Model):
    """What is to be done after an evaluation: who, by when, and whether it is mandatory or an offer."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke startet")
        UNDER_WAY = "under_way", _("I gang")
        DONE = "done", _("Gennemført")
        DROPPED = "dropped", _("Opgivet")

    class Obligation(models.TextChoices):
        MANDATORY = "mandatory", _("Obligatorisk")
        OFFER = "offer", _("Tilbud")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="actions", verbose_name=_("følger af"))
    text = models.TextField(_("handling"))
    owner_district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="evaluation_actions", verbose_name=_("ansvarligt distrikt"))
    owner_name = models.CharField(_("ansvarlig"), max_length=200, blank=True,
                                  help_text=_("En rolle, gruppe eller person, fx “Distriktsledergruppen”."))
    due_date = models.DateField(_("frist"), null=True, blank=True)
    expires_on = models.DateField(_("udløbsdato"), null=True, blank=True,
                                  help_text=_("Solnedgangsklausul: senest da evalueres handlingen, eller den ophører."))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.NOT_STARTED)
    obligation = models.CharField(_("obligatorisk eller tilbud"), max_length=10, choices=Obligation.choices,
                                  default=Obligation.MANDATORY)
    # Optimistic lock: a save names the version it was based on (services.action_update).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_district__isnull=False) | ~Q(owner_name=""),
                name="action_has_an_owner",
                violation_error_message=_("En handling skal have en ansvarlig: et distrikt eller et navn."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(due_date__isnull=True)
                | Q(expires_on__gte=models.F("due_date")),
                name="action_expires_after_due",
                violation_error_message=_("Udløbsdatoen kan ikke ligge før fristen."),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def owner(self):
        return self.owner_name or str(self.owner_district)

    @property
    def is_open(self):
        return self.state in (self.State.NOT_STARTED, self.State.UNDER_WAY)

    def flags(self, today=None):
        """What needs attention, in words: overdue, due soon, expiring soon, expired."""
        today = today or timezone.localdate()
        flags = []
        if self.is_open and self.due_date:
            if self.due_date < today:
                flags.append(_("Overskredet"))
            elif self.due_date <= today + SOON:
                flags.append(_("Frist inden for 60 dage"))
        if self.expires_on:
            if self.expires_on < today:
                flags.append(_("Udløbet"))
            elif self.expires_on <= today + SOON:
                flags.append(_("Udløber snart"))
        return flags


class StatusReport(RenderedPDF):
    """The evaluation's status report as a PDF, as it stood when it was requested; versions are kept."""

    owner_field = "evaluation"
    html_builder = "evaluations.reports.status_report_html"
    download_view = "evaluations:status_report_download"
    view_permission = "evaluations.view_status_report"
    retry_view = "evaluations:status_report_retry"
    retry_permission = "evaluations.manage_evaluations"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="status_reports")

    class Meta(RenderedPDF.Meta):
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "version"], name="status_report_unique_version"),
        ]

    def __str__(self):
        return f"{self.evaluation} (status v{self.version})"

    @property
    def filename(self):
        return f"status-evaluering-{self.evaluation_id}-v{self.version}.pdf"

    def pdf_folder(self):
        return f"evaluations/{self.evaluation_id}/status"

    def get_absolute_url(self):
        return reverse("evaluations:status_report", args=[self.evaluation_id])
