"""Capacity: each institution's approved places and enrolled children per age group and month."""

import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dagtilbud.documents.models import RenderedPDF, RenderedPDFQuerySet
from dagtilbud.formatting import danish_date
from dagtilbud.history import HistoricalRecords
from dagtilbud.imports.models import ImportFile
from districts.models import ANSWER, VIEW, AdministeredQuerySet, Institution
from districts.roles import roles_of


class AgeGroup(models.TextChoices):
    NURSERY = "0-2", _("0-2 år (vuggestue)")
    KINDERGARTEN = "3-5", _("3-5 år (børnehave)")
    FAMILY_DAYCARE = "dagpleje", _("Dagpleje")


TOO_FAR_AHEAD = _("Måneden ligger for langt ude i fremtiden.")


def too_far_ahead(month):
    """Next month may be recorded (enrolments are known ahead); anything later is a typing error."""
    return month > datetime.date.today().replace(day=1) + datetime.timedelta(days=62)


def utilisation(children, places):
    """Enrolled children as a percentage of the approved places, one decimal; None when there are no places."""
    if not places:
        return None
    return round(100 * children / places, 1)


class MonthlyCapacityQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """The months of the houses the user answers for: a pedagogical leader's own, not the neighbours'."""
        return self.filter(institution__in=Institution.objects.for_user(user, ANSWER))


class MonthlyCapacity(models.Model):
    """One age group of one institution in one month: the approved places and the children enrolled. Places are
    recorded per month because they change (a new room, a closed group), and a month's utilisation is measured
    against the places of that month."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="capacity",
                                    verbose_name=_("institution"))
    age_group = models.CharField(_("aldersgruppe"), max_length=10, choices=AgeGroup.choices)
    month = models.DateField(_("måned"), help_text=_("Den første i måneden."))
    places = models.PositiveIntegerField(_("godkendte pladser"))
    children = models.PositiveIntegerField(_("indskrevne børn"))
    # Optimistic lock: a save names the version it was based on (services.month_save).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MonthlyCapacityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["institution", "month", "age_group"]
        verbose_name = _("kapacitet for en måned")
        verbose_name_plural = _("kapacitet pr. måned")
        constraints = [
            models.UniqueConstraint(fields=["institution", "age_group", "month"], name="capacity_unique_month",
                                    violation_error_message=_("Måneden er allerede registreret for den "
                                                              "aldersgruppe.")),
        ]
        indexes = [models.Index(fields=["month", "institution"])]

    def __str__(self):
        return f"{self.institution}, {self.get_age_group_display()}, {self.month:%Y-%m}"

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)
        if self.month and too_far_ahead(self.month):
            raise ValidationError({"month": TOO_FAR_AHEAD})

    @property
    def utilisation(self):
        return utilisation(self.children, self.places)


class CapacityImport(ImportFile):
    """An uploaded capacity spreadsheet (see dagtilbud/imports): previewed first, applied on confirmation."""

    upload_folder = "imports/capacity"
    importer = "capacity.imports.IMPORTER"

    class Meta(ImportFile.Meta):
        verbose_name = _("kapacitetsimport")
        verbose_name_plural = _("kapacitetsimporter")


# --- The capacity forecast: the population forecast, coverage scenarios and planned changes to places ----------------

class CareType(models.TextChoices):
    """The three kinds of day care the forecast plans places for (forecast.CARE_TYPES)."""
    FAMILY_DAYCARE = "dagpleje", _("Dagpleje")
    NURSERY = "vuggestue", _("Vuggestue")
    KINDERGARTEN = "boernehave", _("Børnehave")


AGE_CHOICES = [(age, str(age)) for age in range(6)]


class DistrictCode(models.Model):
    """The code a population forecast gives a planning district ("01", "Nord"), so a forecast can name districts by
    code as well as by name."""

    district = models.OneToOneField("districts.District", on_delete=models.CASCADE, related_name="forecast_code",
                                    verbose_name=_("distrikt"))
    code = models.CharField(_("kode i befolkningsprognosen"), max_length=20, unique=True)

    objects = AdministeredQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["district__name"]
        verbose_name = _("distriktskode")
        verbose_name_plural = _("distriktskoder")

    def __str__(self):
        return f"{self.district}: {self.code}"


class PopulationForecastQuerySet(models.QuerySet):
    def for_user(self, user, action=VIEW):
        """Forecasts are the municipality's; whoever may see the forecast page sees them (figures are scoped by
        district in the selectors)."""
        roles = roles_of(user)
        if roles.is_administrator or roles.visible_district_ids:
            return self
        return self.none()

    def current(self):
        return self.filter(is_current=True).first()


class PopulationForecast(models.Model):
    """A population forecast (befolkningsprognose): children expected per district, age and year, as imported.
    Earlier forecasts are kept (the page checks them against what happened); one is the current one."""

    name = models.CharField(_("navn"), max_length=200)
    made_on = models.DateField(_("dato"), help_text=_("Hvornår prognosen er lavet."))
    source = models.CharField(_("kilde"), max_length=200, help_text=_("Fx leverandøren eller kommunens analyseenhed."))
    is_current = models.BooleanField(_("gældende"), default=False)
    made_up = models.BooleanField(_("opdigtede tal (demo)"), default=False, editable=False)
    first_year = models.PositiveSmallIntegerField(_("første år"))
    last_year = models.PositiveSmallIntegerField(_("sidste år"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    source_file = models.OneToOneField("ForecastImport", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="forecast", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PopulationForecastQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-pk"]
        verbose_name = _("befolkningsprognose")
        verbose_name_plural = _("befolkningsprognoser")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True),
                                    name="forecast_one_current",
                                    violation_error_message=_("Der kan kun være én gældende prognose.")),
        ]

    def __str__(self):
        return self.name


class ForecastFigure(models.Model):
    """Children of one age expected in one district in one year, by one forecast. Never edited: a new forecast is
    a new import."""

    forecast = models.ForeignKey(PopulationForecast, on_delete=models.CASCADE, related_name="figures")
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    age = models.PositiveSmallIntegerField(_("alder"), choices=AGE_CHOICES)
    year = models.PositiveSmallIntegerField(_("år"))
    children = models.PositiveIntegerField(_("børn"))

    class Meta:
        ordering = ["forecast", "district", "age", "year"]
        constraints = [
            models.UniqueConstraint(fields=["forecast", "district", "age", "year"], name="forecast_figure_unique"),
            models.CheckConstraint(condition=models.Q(age__lte=5), name="forecast_figure_age_0_5"),
        ]


class CoverageScenario(models.Model):
    """Named coverage rates (dækningsgrader) per age and care type: "what if more one-year-olds start in
    vuggestue". Several are kept and compared side by side with the rates computed from the data."""

    name = models.CharField(_("navn"), max_length=100, unique=True,
                            error_messages={"unique": _("Der er allerede et scenarie med det navn.")})
    note = models.TextField(_("forudsætninger"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # Scenarios are the administration's working tool; everyone reads their rates on the forecast page.
    objects = AdministeredQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("scenarie for dækningsgrader")
        verbose_name_plural = _("scenarier for dækningsgrader")

    def __str__(self):
        return self.name


class CoverageRate(models.Model):
    scenario = models.ForeignKey(CoverageScenario, on_delete=models.CASCADE, related_name="rates")
    age = models.PositiveSmallIntegerField(_("alder"), choices=AGE_CHOICES)
    care_type = models.CharField(_("pasningstype"), max_length=12, choices=CareType.choices)
    percent = models.DecimalField(_("dækningsgrad (%)"), max_digits=4, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "age", "care_type"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "age", "care_type"], name="coverage_rate_unique"),
            models.CheckConstraint(condition=models.Q(percent__gte=0, percent__lte=100),
                                   name="coverage_rate_percent_0_100",
                                   violation_error_message=_("En dækningsgrad er mellem 0 og 100 %.")),
        ]


def rates_name(scenario):
    """A set of coverage rates by its name: a scenario's, or (None) the rates computed from the data."""
    return scenario.name if scenario else _("Beregnet af de seneste 12 måneders indskrivning")


class PlannedChange(models.Model):
    """A house opening, closing or changing its normed places from a date, entered by an administrator; the
    forecast's places count it from its year."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Åbner (nye pladser)")
        CLOSE = "close", _("Lukker")
        CHANGE = "change", _("Ændrer normerede pladser")

    kind = models.CharField(_("ændring"), max_length=10, choices=Kind.choices)
    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("distrikt"))
    institution = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("institution"),
                                    help_text=_("Tom ved et nyt hus: skriv så dets navn."))
    new_name = models.CharField(_("nyt hus"), max_length=200, blank=True)
    care_type = models.CharField(_("pasningstype"), max_length=12, choices=CareType.choices, blank=True,
                                 help_text=_("Tom ved en lukning: alle husets pladser."))
    places = models.PositiveIntegerField(_("pladser"), null=True, blank=True,
                                         help_text=_("Nye pladser, når et hus åbner; det nye antal normerede pladser "
                                                     "ved en ændring."))
    effective_from = models.DateField(_("fra dato"))
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AdministeredQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["effective_from", "pk"]
        verbose_name = _("planlagt ændring af pladser")
        verbose_name_plural = _("planlagte ændringer af pladser")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.house_name}, {self.effective_from:%d-%m-%Y}"

    @property
    def house_name(self):
        return self.institution.name if self.institution_id else self.new_name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.OPEN and not self.institution_id and not self.new_name.strip():
            errors["new_name"] = _("Vælg institutionen, eller skriv navnet på det nye hus.")
        if self.kind in (self.Kind.CLOSE, self.Kind.CHANGE) and not self.institution_id:
            errors["institution"] = _("Vælg den institution, der lukker eller ændrer sine pladser.")
        if self.kind in (self.Kind.OPEN, self.Kind.CHANGE):
            if not self.care_type:
                errors["care_type"] = _("Vælg pasningstypen.")
            if self.places is None:
                errors["places"] = _("Skriv antallet af pladser.")
        if self.institution_id and self.district_id and self.institution.district_id != self.district_id:
            errors["institution"] = _("Institutionen ligger ikke i det valgte distrikt.")
        if errors:
            raise ValidationError(errors)


class ForecastImport(ImportFile):
    """An uploaded population forecast (see dagtilbud/imports): previewed first, a new forecast on confirmation."""

    upload_folder = "imports/forecast"
    importer = "capacity.forecast_imports.IMPORTER"

    class Meta(ImportFile.Meta):
        verbose_name = _("import af befolkningsprognose")
        verbose_name_plural = _("importer af befolkningsprognoser")


class ForecastReportQuerySet(RenderedPDFQuerySet):
    def for_user(self, user, action=VIEW):
        """Administrators: every version; a committee member: the versions sent to their committees (see
        ForecastSending); nobody else (district and pedagogical leaders read the forecast page, not its PDF)."""
        roles = roles_of(user)
        if roles.is_administrator:
            return self
        return self.filter(sending__committee_id__in=roles.committee_ids)


class ForecastReport(RenderedPDF):
    """The committee's "Kapacitetsprognose" as a PDF: a forecast with a scenario's coverage rates (none: the rates
    computed from the data), as they stood when it was rendered; versions are kept."""

    owner_field = "forecast"
    html_builder = "capacity.forecast_reports.forecast_report_html"
    download_view = "capacity:forecast_pdf_download"
    view_permission = "capacity.view_forecast_pdf"
    area_permission = "capacity.view_forecast_pdfs"
    retry_view = "capacity:forecast_pdf_retry"
    retry_permission = "capacity.manage_forecast"

    forecast = models.ForeignKey(PopulationForecast, on_delete=models.CASCADE, related_name="reports")
    scenario = models.ForeignKey(CoverageScenario, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    objects = ForecastReportQuerySet.as_manager()

    class Meta(RenderedPDF.Meta):
        verbose_name = _("kapacitetsprognose (PDF)")
        verbose_name_plural = _("kapacitetsprognoser (PDF)")
        constraints = [
            models.UniqueConstraint(fields=["forecast", "scenario", "version"], name="forecast_report_unique_version"),
        ]

    def __str__(self):
        return f"{self.forecast} (v{self.version})"

    @property
    def filename(self):
        return f"kapacitetsprognose-{self.forecast_id}-v{self.version}.pdf"

    def pdf_folder(self):
        return f"capacity/forecast/{self.forecast_id}"

    def get_absolute_url(self):
        return reverse("capacity:forecast")

    @property
    def rates_name(self):
        return rates_name(self.scenario)

    @property
    def sent(self):
        """This version's sending to a committee (ForecastSending), or None while it is not sent (a sending being
        made, not saved yet, is not one)."""
        try:
            sending = self.sending
        except ObjectDoesNotExist:
            return None
        return sending if sending.pk else None

    def check_sendable(self):
        """Refuse (ValidationError, in Danish) sending this version to a committee: only a ready version, and only
        once."""
        if self.state != self.State.READY:
            raise ValidationError(
                _("Version %(version)d kan ikke sendes til udvalget: kun en færdig PDF kan sendes, og den har status "
                  "“%(state)s”."), params={"version": self.version, "state": self.get_state_display()},
                code="not_ready")
        # Asked of the database, not of the row as loaded: a sending saved since it was read counts too.
        sent = ForecastSending.objects.filter(report=self).select_related("committee").first()
        if sent is not None:
            raise ValidationError(
                _("Version %(version)d er allerede sendt til %(committee)s den %(date)s. Dan en ny PDF, hvis "
                  "udvalget skal have en ny version."),
                params={"version": self.version, "committee": sent.committee.name,
                        "date": danish_date(timezone.localdate(sent.sent_at))}, code="already_sent")


class ForecastSending(models.Model):
    """A ready version of the committee's PDF sent to a committee by an administrator: the committee's members read
    it on the report list and hear of it (notifications). A version is sent once, to one committee (a new version
    is a new PDF)."""

    report = models.OneToOneField(ForecastReport, on_delete=models.CASCADE, related_name="sending",
                                  verbose_name=_("kapacitetsprognose (PDF)"))
    committee = models.ForeignKey("districts.Committee", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("udvalg"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("sendt af"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("kapacitetsprognose sendt til udvalget")
        verbose_name_plural = _("kapacitetsprognoser sendt til udvalget")

    def __str__(self):
        return f"{self.report} → {self.committee}"

    def clean(self):
        if self._state.adding and self.report_id:
            self.report.check_sendable()
