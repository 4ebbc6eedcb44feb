from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningPlansConfig(AppConfig):
    name = "learningplans"
    verbose_name = _("Pædagogiske læreplaner")
