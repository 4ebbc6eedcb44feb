"""The pedagogical learning plan (pædagogisk læreplan) of each day-care offer and its evaluations.

Under the day-care act (the strengthened learning plan, in force since 1 July 2018) every house and dagpleje has a
written learning plan; its leader makes sure the plan is evaluated at least every second year and publishes the
evaluation. Here the house's pedagogical leader drafts and sends an evaluation, the district leader approves it
(approved means published) or returns it with a comment. A published evaluation is a public record: it never
changes again, and the next one is a new evaluation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dagtilbud.documents.models import RenderedPDF
from dagtilbud.history import HistoricalRecords
from dagtilbud.uploads import UploadValidator
from districts.models import ANSWER, Institution


class Section(models.TextChoices):
    """What an evaluation covers, in the order of the strengthened learning plan: the common pedagogical foundation,
    the six themes, the children's environment, and how the children's and the parents' perspectives were
    included."""

    FOUNDATION = "foundation", _("Det fælles pædagogiske grundlag")
    PERSONAL = "personal", _("Alsidig personlig udvikling")
    SOCIAL = "social", _("Social udvikling")
    LANGUAGE = "language", _("Kommunikation og sprog")
    BODY = "body", _("Krop, sanser og bevægelse")
    NATURE = "nature", _("Natur, udeliv og science")
    CULTURE = "culture", _("Kultur, æstetik og fællesskab")
    ENVIRONMENT = "environment", _("Børnemiljø")
    CHILDREN = "children", _("Børnenes perspektiv")
    PARENTS = "parents", _("Forældrenes perspektiv")


# For each section, the three questions an evaluation answers: (field, label, help).
ASPECTS = [
    ("did", _("Det gjorde vi"), _("Hvad har I arbejdet med, og hvordan?")),
    ("saw", _("Det så vi"), _("Dokumentation og tegn på læring: hvad viser den, og hvad har I set hos børnene?")),
    ("change", _("Det ændrer vi"), _("Hvad justerer I i læreplanen og praksis fremover?")),
]


def plan_upload_to(plan, filename):
    return f"learningplans/plans/{plan.institution_id}/{filename}"


def attachment_upload_to(attachment, filename):
    return f"learningplans/attachments/{attachment.evaluation_id}/{filename}"


PLAN_FILE = UploadValidator(kinds=["pdf"])
ATTACHMENT_FILE = UploadValidator(kinds=["pdf", "docx", "xlsx", "png", "jpeg"])


class LearningPlanQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        return self.filter(institution__in=Institution.objects.for_user(user, ANSWER))


class LearningPlan(models.Model):
    """The house's written learning plan as of a date: an uploaded PDF or its text. The current plan is the newest
    by date; earlier ones stay as the record of what was evaluated. Plans are public documents."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="learning_plans",
                                    verbose_name=_("institution"))
    plan_date = models.DateField(_("læreplanens dato"))
    text = models.TextField(_("læreplanen som tekst"), blank=True)
    file = models.FileField(_("læreplanen som PDF"), upload_to=plan_upload_to, blank=True, validators=[PLAN_FILE])
    original_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LearningPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-plan_date", "-pk"]
        verbose_name = _("pædagogisk læreplan")
        verbose_name_plural = _("pædagogiske læreplaner")

    def __str__(self):
        return f"{self.institution}, {self.plan_date:%d.%m.%Y}"

    def clean(self):
        if not self.text.strip() and not self.file:
            raise ValidationError(_("Upload læreplanen som PDF, eller skriv den som tekst."))

    @property
    def filename(self):
        return self.original_name or f"laereplan-{self.institution_id}-{self.plan_date:%Y-%m-%d}.pdf"


class EvaluationQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """The evaluations of the houses a person answers for (the pages where they are written and approved);
        published ones are also on the public pages, for everyone, through `published()`."""
        return self.filter(institution__in=Institution.objects.for_user(user, ANSWER))

    def published(self):
        return self.filter(state=PlanEvaluation.State.PUBLISHED)

    def open(self):
        return self.exclude(state=PlanEvaluation.State.PUBLISHED)


class PlanEvaluation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SENT = "sent", _("Sendt til godkendelse")
        RETURNED = "returned", _("Sendt retur")
        PUBLISHED = "published", _("Offentliggjort")

    EDITABLE = (State.DRAFT, State.RETURNED)

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="plan_evaluations",
                                    verbose_name=_("institution"))
    plan = models.ForeignKey(LearningPlan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="evaluations", verbose_name=_("læreplan"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    returned_at = models.DateTimeField(_("sendt retur"), null=True, blank=True)
    return_comment = models.TextField(_("bemærkning ved retur"), blank=True)
    published_on = models.DateField(_("offentliggjort"), null=True, blank=True, db_index=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("godkendt af"))
    # Optimistic lock: an edit names the version it was based on (services.evaluation_save).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-created_at", "-pk"]
        verbose_name = _("evaluering af læreplanen")
        verbose_name_plural = _("evalueringer af læreplanen")
        constraints = [
            # The next evaluation starts when the last one is published: one open evaluation per house at a time.
            models.UniqueConstraint(fields=["institution"], condition=~Q(state="published"),
                                    name="learningplan_one_open_evaluation",
                                    violation_error_message=_("Huset har allerede en evaluering, der ikke er "
                                                              "offentliggjort.")),
            models.CheckConstraint(condition=Q(state="published", published_on__isnull=False)
                                   | (~Q(state="published") & Q(published_on__isnull=True)),
                                   name="learningplan_published_has_date"),
        ]

    def __str__(self):
        if self.published_on:
            return _("Evaluering af læreplanen, %(house)s, %(date)s") % {
                "house": self.institution, "date": self.published_on.strftime("%d.%m.%Y")}
        return _("Evaluering af læreplanen, %(house)s (%(state)s)") % {
            "house": self.institution, "state": self.get_state_display().lower()}

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_editable(self):
        return self.state in self.EDITABLE

    def save(self, *args, **kwargs):
        # A published evaluation is a public record: once stored as published it is never written again.
        if self.pk and PlanEvaluation.objects.filter(pk=self.pk, state=self.State.PUBLISHED).exists():
            raise ValidationError(_("Evalueringen er offentliggjort og kan ikke ændres. Den næste evaluering er en "
                                    "ny evaluering."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and PlanEvaluation.objects.filter(pk=self.pk, state=self.State.PUBLISHED).exists():
            raise ValidationError(_("Evalueringen er offentliggjort og kan ikke slettes."))
        return super().delete(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("learningplans:evaluation", args=[self.pk])

    def get_public_url(self):
        return reverse("learningplans:public_evaluation", args=[self.pk])


def _refuse_if_published(evaluation_id):
    if PlanEvaluation.objects.filter(pk=evaluation_id, state=PlanEvaluation.State.PUBLISHED).exists():
        raise ValidationError(_("Evalueringen er offentliggjort og kan ikke ændres. Den næste evaluering er en "
                                "ny evaluering."))


class EvaluationPart(models.Model):
    """One section of an evaluation: what we did, what we saw, what we will change."""

    evaluation = models.ForeignKey(PlanEvaluation, on_delete=models.CASCADE, related_name="parts")
    section = models.CharField(_("afsnit"), max_length=20, choices=Section.choices)
    did = models.TextField(_("det gjorde vi"), blank=True)
    saw = models.TextField(_("det så vi"), blank=True)
    change = models.TextField(_("det ændrer vi"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afsnit af evalueringen")
        verbose_name_plural = _("afsnit af evalueringen")
        constraints = [models.UniqueConstraint(fields=["evaluation", "section"],
                                               name="learningplan_part_unique_section")]

    def __str__(self):
        return self.get_section_display()

    def save(self, *args, **kwargs):
        _refuse_if_published(self.evaluation_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self.evaluation_id)
        return super().delete(*args, **kwargs)

    @property
    def position(self):
        return list(Section.values).index(self.section)


class AttachmentQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        return self.filter(evaluation__in=PlanEvaluation.objects.for_user(user))


class Attachment(models.Model):
    """Documentation attached to an evaluation (photos, observations, a survey's results). Internal: it is read by
    the house's leaders and the district, not published, since documentation of children may show the children."""

    evaluation = models.ForeignKey(PlanEvaluation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to=attachment_upload_to, validators=[ATTACHMENT_FILE])
    original_name = models.CharField(_("filnavn"), max_length=200)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bilag til evalueringen")
        verbose_name_plural = _("bilag til evalueringen")

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        _refuse_if_published(self.evaluation_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self.evaluation_id)
        return super().delete(*args, **kwargs)


class EvaluationPDF(RenderedPDF):
    """A published evaluation as a PDF, rendered by the worker when it is published; versions are kept."""

    owner_field = "evaluation"
    html_builder = "learningplans.reports.evaluation_html"
    download_view = "learningplans:pdf_download"
    area_permission = "learningplans.view_learning_plans"
    view_permission = "learningplans.view_evaluation_pdf"
    retry_view = "learningplans:pdf_retry"
    retry_permission = "learningplans.manage_learning_plans"

    evaluation = models.ForeignKey(PlanEvaluation, on_delete=models.CASCADE, related_name="pdfs")

    class Meta(RenderedPDF.Meta):
        verbose_name = _("evaluering af læreplanen som PDF")
        verbose_name_plural = _("evalueringer af læreplanen som PDF")
        constraints = [models.UniqueConstraint(fields=["evaluation", "version"],
                                               name="learningplan_pdf_unique_version")]

    def __str__(self):
        return f"{self.evaluation} (v{self.version})"

    @property
    def filename(self):
        return f"evaluering-laereplan-{self.evaluation_id}-v{self.version}.pdf"

    def pdf_folder(self):
        return f"learningplans/{self.evaluation_id}"

    @classmethod
    def check_request(cls, evaluation):
        if not evaluation.is_published:
            raise ValidationError(_("Evalueringen dannes som PDF, når den er offentliggjort."))

    def get_absolute_url(self):
        return reverse("learningplans:evaluation", args=[self.evaluation_id])
