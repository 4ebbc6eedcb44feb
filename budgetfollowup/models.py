import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dagtilbud import formatting
from dagtilbud.history import HistoricalRecords
from dagtilbud.scoping import OwnedQuerySet
from dagtilbud.imports.models import ImportFile
from dagtilbud.documents.models import RenderedPDF, RenderedPDFQuerySet
from dagtilbud.smileys import ECONOMY_CHOICES, MILESTONE_CHOICES, MILESTONE, ECONOMY
from districts.roles import roles_of
from districts.models import Center, Committee, District

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
        elif not roles.committee_ids:
            return self.none()
        return self.filter(visible, rounds__state=FollowUpRound.State.PUBLISHED).distinct()


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
        return published.filter(agreement__committee_id__in=roles.committee_ids)


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
        return final.filter(round__agreement__committee_id__in=roles.committee_ids)


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
