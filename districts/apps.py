from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("Organisation")

    def ready(self):
        from dagtilbud import revision

        from . import language  # noqa: F401  (connects the login signal that applies a person's language)
        from .models import Institution, Role
        from .roles import REVISION

        revision.follow(REVISION, Role, Institution)
