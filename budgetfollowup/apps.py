from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetFollowUpConfig(AppConfig):
    name = "budgetfollowup"
    verbose_name = _("Budgetopfølgning")
