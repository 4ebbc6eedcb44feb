from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from districts.models import AdministeredQuerySet, Committee, District, Institution, Role


class GroupRoleMapping(models.Model):
    """A value of the provider's group claim and the role (with its scope) that members of the group get.

    At each single sign-on the person's roles from groups are set to what their groups map to now
    (services.roles_follow_groups); roles an administrator gave by hand are never touched.
    """

    group = models.CharField(
        _("gruppe hos identitetsudbyderen"), max_length=200,
        help_text=_("Værdien i gruppe-claimet, fx gruppens objekt-id i Entra ID eller gruppens navn fra AD FS."))
    kind = models.CharField(_("rolle"), max_length=30, choices=Role.Kind.choices)
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+", verbose_name=_("distrikt"))
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="+", verbose_name=_("institution"))
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+", verbose_name=_("udvalg"))

    history = HistoricalRecords()

    objects = AdministeredQuerySet.as_manager()

    class Meta:
        ordering = ["group", "kind", "pk"]
        verbose_name = _("gruppe og rolle")
        verbose_name_plural = _("grupper og roller")
        constraints = [
            # The same rule as Role's: each kind has exactly its scope.
            models.CheckConstraint(
                name="group_mapping_scope_matches_kind",
                condition=(
                    Q(kind="administrator", district__isnull=True, institution__isnull=True, committee__isnull=True)
                    | Q(kind="district_leader", district__isnull=False, institution__isnull=True,
                        committee__isnull=True)
                    | Q(kind="pedagogical_leader", district__isnull=True, institution__isnull=False,
                        committee__isnull=True)
                    | Q(kind="committee_member", district__isnull=True, institution__isnull=True,
                        committee__isnull=False)
                ),
                violation_error_message=_(
                    "En distriktsleder skal have et distrikt, en pædagogisk leder en institution og et "
                    "udvalgsmedlem et udvalg; en administrator har intet af dem."
                ),
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(kind="administrator"), name="group_mapping_unique_administrator",
                violation_error_message=_("Gruppen giver allerede den rolle.")),
            models.UniqueConstraint(
                fields=["group", "district"], condition=Q(kind="district_leader"),
                name="group_mapping_unique_district_leader",
                violation_error_message=_("Gruppen giver allerede den rolle.")),
            models.UniqueConstraint(
                fields=["group", "institution"], condition=Q(kind="pedagogical_leader"),
                name="group_mapping_unique_pedagogical_leader",
                violation_error_message=_("Gruppen giver allerede den rolle.")),
            models.UniqueConstraint(
                fields=["group", "committee"], condition=Q(kind="committee_member"),
                name="group_mapping_unique_committee_member",
                violation_error_message=_("Gruppen giver allerede den rolle.")),
        ]

    def __str__(self):
        return f"{self.group} → {self.role_label()}"

    def scope(self):
        return self.district or self.institution or self.committee

    def role_label(self):
        scope = self.scope()
        return f"{self.get_kind_display()}, {scope}" if scope else str(self.get_kind_display())

    def role_key(self):
        return (self.kind, self.district_id, self.institution_id, self.committee_id)


class GroupGrantedRole(models.Model):
    """Marks a Role as given by a group at login (so the next login may take it away again), and by which group."""

    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="group_grant")
    group = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("rolle fra gruppe")
        verbose_name_plural = _("roller fra grupper")

    def __str__(self):
        return f"{self.role} ({self.group})"


class UsedAssertion(models.Model):
    """A SAML assertion that logged someone in, kept until it expires: each is accepted once, on every web machine
    (services.assertion_use_once)."""

    assertion_id = models.CharField(max_length=256, unique=True)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("brugt SAML-assertion")
        verbose_name_plural = _("brugte SAML-assertions")

    def __str__(self):
        return self.assertion_id
