import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dagtilbud import formatting
from dagtilbud.documents.models import RenderedPDF, RenderedPDFQuerySet
from dagtilbud.history import HistoricalRecords
from dagtilbud.imports.models import ImportFile, ImportFileQuerySet
from dagtilbud.scoping import OwnedQuerySet
from dagtilbud.smileys import ECONOMY, ECONOMY_CHOICES, MILESTONE, MILESTONE_CHOICES
from districts.models import Center, Committee, District
from districts.roles import roles_of

DEFAULT_READING_GUIDE = (
    "Opfølgningen på budgetaftalen sker ved, at der gives smileys på henholdsvis indsats og økonomi. Der følges op "
    "på aftalen fire gange årligt: ved de tre budgetopfølgninger og ved en endelig opfølgning pr. 31. december.\n\n"
    "Status på indsats gives ved at følge op på de opsatte milepæle. Milepæle er de nødvendige skridt, der skal "
    "tages for at nå frem til det endelige mål."
)

# The reading guide's part on economy, which the municipality's document prints between the two lists of smiley
# definitions: how economy is followed up, and the rule on alternative financing.
DEFAULT_ECONOMY_GUIDE = (
    "Der gives én samlet smiley-status på økonomi ved hver opfølgning. Hvis der er ændringer til økonomien i forhold "
    "til det vedtagne budget, skal det indgå i budgetopfølgningen, hvor der anvises en alternativ finansiering. "
    "Opfølgningen på økonomien vil herefter være i forhold til den eventuelle ændrede økonomi, som er godkendt af "
    "Kommunalbestyrelsen."
)


class AgreementQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        roles = roles_of(user)
        if roles.is_administrator:
            return self
        visible = Q(committee_id__in=roles.committee_ids)
        if roles.is_district_leader:
            visible = Q()
        elif roles.center_ids:
            # A reporter reads the agreements their centre has initiatives in, as a committee member reads theirs.
            visible |= Q(pk__in=_agreements_of_centers(roles.center_ids))
        elif not roles.committee_ids:
            return self.none()
        return self.filter(visible, rounds__state=FollowUpRound.State.PUBLISHED).distinct()


def _agreements_of_centers(center_ids):
    """The ids of agreements with an initiative some of these centres are responsible for (a subquery)."""
    return Initiative.objects.filter(responsible_center_id__in=center_ids).values("section__agreement_id")


class BudgetAgreement(models.Model):
    title = models.CharField(_("titel"), max_length=200, help_text=_("Fx “Aftale om budget 2019”."))
    year = models.PositiveSmallIntegerField(_("budgetår"))
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, verbose_name=_("udvalg"))
    case_number = models.CharField(_("sagsid"), max_length=50, blank=True)
    reading_guide = models.TextField(_("læsevejledning"), default=DEFAULT_READING_GUIDE)
    economy_guide = models.TextField(
        _("læsevejledning for økonomi"), blank=True, default=DEFAULT_ECONOMY_GUIDE,
        help_text=_("Står før definitionerne af smileys på økonomi: hvordan økonomien følges op, og reglen om "
                    "alternativ finansiering."))
    # Bumped by every change to what the agreement's pages show (services.initiative_save): a published round's
    # rendered page is cached under it, so an edit is never served stale.
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("budgetaftale")
        verbose_name_plural = _("budgetaftaler")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="agreement_one_per_committee_and_year",
                violation_error_message=_("Udvalget har allerede en budgetaftale for det år."),
            )
        ]

    def __str__(self):
        return f"{self.title} – {self.committee}"

    @property
    def version(self):
        """The name the optimistic lock has everywhere else (dagtilbud.concurrency): an agreement's is its revision."""
        return self.revision


class Section(models.Model):
    agreement = models.ForeignKey(BudgetAgreement, on_delete=models.CASCADE, related_name="sections",
                                  verbose_name=_("budgetaftale"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="section_unique_number",
                violation_error_message=_("Aftalen har allerede et afsnit med det nummer."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


NUMBER_RE = re.compile(r"^\d+(\.\d+)+$")


def initiative_sort_key(number: str) -> str:
    """"3.2" sorts before "3.10": each part zero-padded to four digits."""
    return ".".join(part.zfill(4) for part in number.split("."))


class Initiative(models.Model):
    class Kind(models.TextChoices):
        OPERATING = "drift", _("Drift")
        CAPITAL = "anlaeg", _("Anlæg")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="initiatives",
                                verbose_name=_("afsnit"))
    number = models.CharField(_("nummer"), max_length=20, help_text=_("Fx “3.1”."))
    sort_key = models.CharField(max_length=60, editable=False)
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("aftaletekst"), blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.OPERATING)
    responsible_center = models.ForeignKey(Center, on_delete=models.PROTECT, verbose_name=_("ansvarligt center"))
    responsible_committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarligt udvalg")
    )
    contributors = models.CharField(_("væsentlig bidragsyder"), max_length=300, blank=True)
    end_date = models.DateField(_("slutdato (solnedgangsklausul)"), null=True, blank=True)
    districts = models.ManyToManyField(District, blank=True, verbose_name=_("berørte distrikter"))
    # Optimistic lock: an edit names the version it was based on (services.initiative_save).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[districts])

    owner_field = "section__agreement"  # seen by whoever sees it (dagtilbud.scoping)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["section__number", "sort_key"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"],
                name="initiative_unique_number",
                violation_error_message=_("Afsnittet har allerede en indsats med det nummer."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if not NUMBER_RE.match(self.number or ""):
            raise ValidationError({"number": _("Nummeret skal skrives som fx 3.1.")})
        if self.section_id and not self.number.startswith(f"{self.section.number}."):
            raise ValidationError(
                {"number": _("Nummeret skal begynde med afsnittets nummer (%(n)s.).") % {"n": self.section.number}}
            )

    def save(self, *args, **kwargs):
        self.sort_key = initiative_sort_key(self.number)
        super().save(*args, **kwargs)


class InitiativeAmount(models.Model):
    """The amount set aside for an initiative in one year, in whole kroner (negative for a saving)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="amounts",
                                   verbose_name=_("indsats"))
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("beløb pr. år")
        verbose_name_plural = pgettext_lazy("flertal", "beløb pr. år")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year"],
                name="amount_one_per_year",
                violation_error_message=_("Der er allerede et beløb for det år."),
            )
        ]


class RoundQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """Administrators see every round; committee members and district leaders only published ones."""
        roles = roles_of(user)
        if roles.is_administrator:
            return self
        published = self.filter(state=FollowUpRound.State.PUBLISHED)
        if roles.is_district_leader:
            return published
        visible = Q(agreement__committee_id__in=roles.committee_ids)
        if roles.center_ids:
            visible |= Q(agreement_id__in=_agreements_of_centers(roles.center_ids))
        return published.filter(visible)

    def of_reporter(self, user):
        """Every round, in any state, of the agreements the user's centres have initiatives in: the reporting page
        reads its round through this (for_user shows a reporter published rounds only), so that a round closed
        while the page was open is told as closed, not as not found."""
        roles = roles_of(user)
        if not roles.center_ids:
            return self.none()
        return self.filter(agreement_id__in=_agreements_of_centers(roles.center_ids))

    def open_for(self, user):
        """The rounds open for reporting with rows of the user's centres: a reporter's work now."""
        return self.of_reporter(user).filter(state=FollowUpRound.State.DRAFT, reporting_open=True)


class FollowUpRound(models.Model):
    """One of the four follow-ups a year: 1., 2., 3. budgetopfølgning and the final one per 31 December."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        PUBLISHED = "published", _("Offentliggjort")

    agreement = models.ForeignKey(BudgetAgreement, on_delete=models.CASCADE, related_name="rounds",
                                  verbose_name=_("budgetaftale"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    date = models.DateField(_("dato"))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("offentliggjort af"))
    # Opened for reporting: the responsible centres' reporters (indberettere) give their initiatives' status by the
    # deadline, and the administrator approves or returns each row (Submission) before publishing.
    reporting_open = models.BooleanField(_("åben for indberetning"), default=False)
    reporting_deadline = models.DateField(_("frist for indberetning"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="round_unique_number",
                violation_error_message=_("Aftalen har allerede den opfølgning."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4),
                name="round_number_1_to_4",
                violation_error_message=_("Der er fire opfølgninger om året: nummer 1 til 4."),
            ),
            models.CheckConstraint(
                condition=Q(reporting_open=False) | Q(reporting_deadline__isnull=False, state="draft"),
                name="round_reporting_needs_deadline_and_draft",
                violation_error_message=_("En opfølgning åben for indberetning skal have en frist og må ikke være "
                                          "offentliggjort."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """As the reports name the column "Tid": "1. budgetopfølgning 2019" ... "31.12.2019"."""
        year = self.agreement.year
        if self.number == 4:
            return f"31.12.{year}"
        return _("%(n)d. budgetopfølgning %(year)d") % {"n": self.number, "year": year}

    @property
    def report_title(self):
        """"Første opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"."""
        return _("%(ordinal)s opfølgning på %(title)s for %(committee)s") % {
            "ordinal": formatting.ORDINALS[self.number], "title": self.agreement.title,
            "committee": self.agreement.committee}

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_open_for_reporting(self):
        return self.reporting_open and not self.is_published


class Milestone(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones",
                                   verbose_name=_("indsats"))
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="milestones",
                              verbose_name=_("opfølgning"))
    text = models.TextField(_("milepæl"), blank=True)
    smiley = models.CharField(_("smiley"), max_length=10, choices=MILESTONE_CHOICES, blank=True)
    status_text = models.TextField(_("status"), blank=True)
    # Optimistic lock: a save names the version it was based on; a different one means someone else saved first.
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "round"], name="milestone_one_per_round"),
            models.CheckConstraint(
                condition=Q(smiley="") | ~Q(text=""),
                name="milestone_smiley_needs_text",
                violation_error_message=_("En smiley kræver en milepæl: runden har ingen milepæl for indsatsen."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative.number}, {self.round.name}"

    @property
    def meaning(self):
        return MILESTONE.get(self.smiley)


def spending_deviation(expected, budget):
    """(kr., percent) by which expected spending exceeds the budget, the one meaning of a deviation in the grid, on
    the round's page and in the report; None without both. Positive is merforbrug, negative mindreforbrug, and the
    percentage is of the budget's size, so a saving (a negative budget) that is not fully achieved is a positive
    merforbrug too: budget -1.000.000 kr. and expected -800.000 kr. is 200.000 kr., +20,0 %."""
    if expected is None or budget is None:
        return None
    difference = expected - budget
    return difference, (difference / abs(budget) * 100 if budget else None)


class EconomyStatus(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="economy",
                                   verbose_name=_("indsats"))
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="economy",
                              verbose_name=_("opfølgning"))
    smiley = models.CharField(_("smiley"), max_length=10, choices=ECONOMY_CHOICES, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    corrected_budget = models.DecimalField(
        _("korrigeret budget (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    approval_reference = models.CharField(_("godkendt af Kommunalbestyrelsen (reference)"), max_length=200, blank=True)
    expected_spending = models.DecimalField(
        _("forventet regnskab (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    owner_field = "round"  # seen by whoever sees it (dagtilbud.scoping)
    objects = OwnedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("økonomistatus")
        # Where Danish writes the plural as the singular, a context lets English write its plural.
        verbose_name_plural = pgettext_lazy("flertal", "økonomistatus")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "round"], name="economy_one_per_round"),
            models.CheckConstraint(
                condition=Q(corrected_budget__isnull=True) | ~Q(approval_reference=""),
                name="economy_corrected_budget_needs_approval",
                violation_error_message=_(
                    "Et ændret budget skal være godkendt af Kommunalbestyrelsen: angiv referencen."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.initiative.number}, {self.round.name}"

    @property
    def meaning(self):
        return ECONOMY.get(self.smiley)

class Submission(models.Model):
    """A responsible centre's report (indberetning) on one initiative in a round opened for reporting: its state,
    who moved it there and when, and the administrator's comment when it was returned. The values themselves live
    in the round's Milestone and EconomyStatus, as an administrator's do; this row is the workflow around them.

    Its history (who, when, each state and comment) is part of the initiative's history.
    """

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke påbegyndt")
        DRAFT = "draft", _("Kladde")
        SENT = "sent", _("Indsendt")
        APPROVED = "approved", _("Godkendt")
        RETURNED = "returned", _("Sendt retur")

    # The states in which the reporter may still change the row; sent and approved rows are read-only to them.
    EDITABLE = (State.NOT_STARTED, State.DRAFT, State.RETURNED)

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="submissions",
                                   verbose_name=_("indsats"))
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="submissions",
                              verbose_name=_("opfølgning"))
    state = models.CharField(_("tilstand"), max_length=20, choices=State.choices, default=State.NOT_STARTED)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("ændret af"))
    changed_at = models.DateTimeField(_("ændret"), null=True, blank=True)
    sent_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    late = models.BooleanField(_("indsendt efter fristen"), default=False)
    comment = models.TextField(_("kommentar"), blank=True)
    # Optimistic lock for the administrator's approve and return (the cells keep their own versions).
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    owner_field = "round"  # seen by whoever sees it (dagtilbud.scoping)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "initiative__sort_key"]
        verbose_name = _("indberetning")
        verbose_name_plural = _("indberetninger")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "round"], name="submission_one_per_round"),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(comment=""),
                name="submission_returned_needs_comment",
                violation_error_message=_("En indberetning sendes retur med en kommentar."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative.number}, {self.round.name}: {self.get_state_display()}"

    @property
    def editable_by_reporter(self):
        return self.state in self.EDITABLE


class ReportQuerySet(RenderedPDFQuerySet):
    def for_user(self, user, action="view"):
        """Administrators see every report; committee members and district leaders the final (published) ones of
        the agreements they may read. Earlier versions stay visible after a round is reopened."""
        roles = roles_of(user)
        if roles.is_administrator:
            return self
        final = self.filter(kind=Report.Kind.FINAL)
        if roles.is_district_leader:
            return final
        visible = Q(round__agreement__committee_id__in=roles.committee_ids)
        if roles.center_ids:
            visible |= Q(round__agreement_id__in=_agreements_of_centers(roles.center_ids))
        return final.filter(visible)


class Report(RenderedPDF):
    """One rendering of a round's PDF, a draft or the published one."""

    class Kind(models.TextChoices):
        FINAL = "final", _("Offentliggjort")
        DRAFT = "draft", _("Udkast")

    owner_field = "round"
    html_builder = "budgetfollowup.reports.report_html"
    download_view = "budgetfollowup:report_download"
    view_permission = "budgetfollowup.view_report"
    retry_view = "budgetfollowup:report_retry"
    retry_permission = "budgetfollowup.retry_report"

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)

    objects = ReportQuerySet.as_manager()

    class Meta(RenderedPDF.Meta):
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind", "version"], name="report_unique_version"),
        ]

    def __str__(self):
        return f"{self.round.report_title} ({self.get_kind_display()} v{self.version})"

    @property
    def is_draft(self):
        return self.kind == self.Kind.DRAFT

    @property
    def filename(self):
        prefix = "UDKAST-" if self.is_draft else ""
        return f"{prefix}opfoelgning-{self.round.agreement.year}-{self.round.number}-v{self.version}.pdf"

    @property
    def version_label(self):
        return f"{self.get_kind_display()} {self.version}"

    def pdf_folder(self):
        return f"reports/{self.round.agreement_id}"

    def get_absolute_url(self):
        return reverse("budgetfollowup:round_detail", args=[self.round_id])


class AgreementImport(ImportFile):
    """An uploaded agreement spreadsheet (see dagtilbud/imports): previewed first, applied on confirmation."""

    upload_folder = "imports"
    importer = "budgetfollowup.imports.IMPORTER"

    agreement = models.ForeignKey(BudgetAgreement, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="imports")

    class Meta(ImportFile.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("importer")


class RoundImportQuerySet(ImportFileQuerySet):
    def for_user(self, user, action="view"):
        """Administrators open every round import; a reporter only their own uploads."""
        roles = roles_of(user)
        if roles.is_administrator:
            return self
        if roles.is_reporter:
            return self.filter(uploaded_by=user)
        return self.none()


class RoundImport(ImportFile):
    """An uploaded round workbook (smileys, status text, expected spending; see round_imports.py): previewed first,
    applied on confirmation; an administrator's for every row, a reporter's for their centre's rows only."""

    upload_folder = "imports/rounds"
    importer = "budgetfollowup.round_imports.ROUND_IMPORTER"

    round = models.ForeignKey(FollowUpRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")

    objects = RoundImportQuerySet.as_manager()

    class Meta(ImportFile.Meta):
        verbose_name = _("import af opfølgning")
        verbose_name_plural = _("importer af opfølgninger")
