"""Capacity: each institution's approved places and enrolled children per age group and month."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dagtilbud.history import HistoricalRecords
from dagtilbud.imports.models import ImportFile
from districts.models import ANSWER, Institution


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
