from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """What each role sees at a glance. Reads from districts, budgetfollowup and evaluations; owns only the time of
    each person's last visit."""

    name = "dashboards"
    verbose_name = _("Overblik")
