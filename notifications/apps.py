from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifikationer")

    def ready(self):
        from dagtilbud import revision

        from .models import UNREAD_REVISION, Notice

        revision.follow(UNREAD_REVISION, Notice)
