from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dagtilbud.history import HistoricalRecords

from .roles import RoleKind, roles_of


class MunicipalityQuerySet(models.QuerySet):
    def current(self):
        """The installation's municipality (there is one). A fresh installation gets it with the default settings on
        first use, so no page needs the demo or a row added by hand; administrators name it under "Indstillinger".
        Two first requests at once may each create one: the first by pk is the one every page reads."""
        municipality = self.order_by("pk").first()
        if municipality is None:
            municipality = self.create(name=Municipality.DEFAULT_NAME, unit=Municipality.DEFAULT_UNIT)
        return municipality


class Municipality(models.Model):
    # A fresh installation's settings until an administrator changes them (the municipality's own words, not ours).
    DEFAULT_NAME = "Kommunen"
    DEFAULT_UNIT = "Administrationen"

    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(
        _("enhed, der udgiver rapporterne"), max_length=200, help_text=_("Fx “Økonomi og Styring”.")
    )
    span_of_control_limit = models.PositiveSmallIntegerField(
        _("grænse for ledelsesspænd"), default=2,
        help_text=_("En pædagogisk leder med flere huse end dette markeres på overblikket."))
    utilisation_low = models.PositiveSmallIntegerField(
        _("underbelægning under (%)"), default=85,
        help_text=_("En institution med færre børn end denne andel af pladserne markeres som underbelagt."))
    utilisation_high = models.PositiveSmallIntegerField(
        _("overbelægning over (%)"), default=100,
        help_text=_("En institution med flere børn end denne andel af pladserne markeres som overbelagt."))
    # Optimistic lock: an edit names the version it was based on (services.municipality_save).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(utilisation_low__lt=models.F("utilisation_high")),
                name="municipality_utilisation_low_below_high",
                violation_error_message=_("Grænsen for underbelægning skal være lavere end grænsen for "
                                          "overbelægning.")),
        ]

    def __str__(self):
        return self.name

    def utilisation_flag(self, percent):
        """"over", "under" or "" for a utilisation in percent (None: no places, nothing to say)."""
        if percent is None:
            return ""
        if percent > self.utilisation_high:
            return "over"
        if percent < self.utilisation_low:
            return "under"
        return ""


class Committee(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")

    def __str__(self):
        return self.name


class Center(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("center")
        verbose_name_plural = _("centre")

    def __str__(self):
        return self.name


# What a view asks of a scope (for_user's `action`): to see the rows, or to answer for their own figures.
VIEW, ANSWER = "view", "answer"


class AdministeredQuerySet(models.QuerySet):
    """Rows only administrators manage (people, their roles, the group mappings): all of them to an administrator,
    none to anyone else."""

    def for_user(self, user, action=VIEW):
        return self if roles_of(user).is_administrator else self.none()


class DistrictQuerySet(models.QuerySet):
    def for_user(self, user, action=VIEW):
        """VIEW: the districts a user may see: all for administrators, their own for district and pedagogical
        leaders. ANSWER: those whose figures as a whole the user answers for (capacity): all for administrators, a
        district leader's own; a pedagogical leader answers for houses, not a district."""
        roles = roles_of(user)
        if roles.is_administrator:
            return self
        return self.filter(pk__in=roles.visible_district_ids if action == VIEW else roles.district_ids)


class District(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)

    objects = DistrictQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("distrikt")
        verbose_name_plural = _("distrikter")

    def __str__(self):
        return self.name


class InstitutionQuerySet(models.QuerySet):
    def for_user(self, user, action=VIEW):
        """VIEW: the houses a user may see (their districts' and their own). ANSWER: those whose own figures the
        user answers for (capacity, supervision): all for administrators, a district leader's district, a
        pedagogical leader's own houses (not their neighbours in the district)."""
        roles = roles_of(user)
        if roles.is_administrator:
            return self
        districts = roles.visible_district_ids if action == VIEW else roles.district_ids
        return self.filter(Q(district_id__in=districts) | Q(pk__in=roles.institution_ids))


class Institution(models.Model):
    class Kind(models.TextChoices):
        DAYCARE = "daginstitution", _("Daginstitution")
        FAMILY_DAYCARE = "dagpleje", _("Dagpleje")
        SELF_GOVERNING = "selvejende", _("Selvejende institution")

    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.DAYCARE)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("distrikt")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    places = models.PositiveIntegerField(_("godkendte pladser"), default=0)

    objects = InstitutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutioner")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="institution_unique_name_in_district",
                violation_error_message=_("Distriktet har allerede en institution med det navn."),
            )
        ]

    def __str__(self):
        return self.name


class RoleQuerySet(AdministeredQuerySet):
    def span_of_control(self, *, district):
        """The pedagogical leaders of a district's houses, each with `houses`: how many of them they lead."""
        from django.contrib.auth import get_user_model  # the user model is not ready while models load

        return list(
            get_user_model()
            .objects.filter(roles__kind=Role.Kind.PEDAGOGICAL_LEADER, roles__institution__district=district)
            .annotate(houses=models.Count("roles"))
            .order_by("-houses", "first_name", "last_name")
        )


class Role(models.Model):
    """A role a user holds, with its scope. A user may hold several.

    Administrators see and change everything; a district leader has one district; a pedagogical leader has one row
    per institution they lead (their span of control is the number of such rows); a committee member has one row per
    committee whose reports they read.
    """

    Kind = RoleKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("bruger")
    )
    kind = models.CharField(_("rolle"), max_length=30, choices=Kind.choices)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="roles", verbose_name=_("distrikt")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("institution"),
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, null=True, blank=True, related_name="roles", verbose_name=_("udvalg")
    )

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(kind="administrator", district__isnull=True, institution__isnull=True, committee__isnull=True)
                    | Q(
                        kind="district_leader",
                        district__isnull=False,
                        institution__isnull=True,
                        committee__isnull=True,
                    )
                    | Q(
                        kind="pedagogical_leader",
                        district__isnull=True,
                        institution__isnull=False,
                        committee__isnull=True,
                    )
                    | Q(
                        kind="committee_member",
                        district__isnull=True,
                        institution__isnull=True,
                        committee__isnull=False,
                    )
                ),
                violation_error_message=_(
                    "En distriktsleder skal have et distrikt, en pædagogisk leder en institution og et "
                    "udvalgsmedlem et udvalg; en administrator har intet af dem."
                ),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind="administrator"),
                name="role_one_administrator_row",
                violation_error_message=_("Brugeren er allerede administrator."),
            ),
            models.UniqueConstraint(
                fields=["user", "district"],
                condition=Q(kind="district_leader"),
                name="role_unique_district_leader",
                violation_error_message=_("Brugeren er allerede distriktsleder for det distrikt."),
            ),
            models.UniqueConstraint(
                fields=["user", "institution"],
                condition=Q(kind="pedagogical_leader"),
                name="role_unique_pedagogical_leader",
                violation_error_message=_("Brugeren er allerede pædagogisk leder for den institution."),
            ),
            models.UniqueConstraint(
                fields=["user", "committee"],
                condition=Q(kind="committee_member"),
                name="role_unique_committee_member",
                violation_error_message=_("Brugeren er allerede medlem af det udvalg."),
            ),
        ]

    def __str__(self):
        scope = self.district or self.institution or self.committee
        return f"{self.get_kind_display()}: {scope}" if scope else self.get_kind_display()


class Profile(models.Model):
    """What a person chose for themselves, kept across sessions and devices: the language of the app and of their
    e-mails. No row means the municipality's language (settings.LANGUAGE_CODE)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("sprog"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profiler")

    def __str__(self):
        return str(self.user)


class PersonQuerySet(AdministeredQuerySet):
    pass


class Person(User):
    """A login as the administration manages it ("Brugere"): the user model, scoped like every other row."""

    objects = PersonQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("person")
        verbose_name_plural = _("personer")
