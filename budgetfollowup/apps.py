from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetFollowUpConfig(AppConfig):
    name = "budgetfollowup"
    verbose_name = _("Budgetopfølgning")

    def ready(self):
        # Registers the importer, which a worker looks up by the import row's model (dagtilbud.imports); the
        # module imports the models, so it cannot be imported before the apps are ready.
        from . import imports  # noqa: F401
