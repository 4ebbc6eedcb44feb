import os

from django.apps import AppConfig


class DagtilbudConfig(AppConfig):
    name = "dagtilbud"
    verbose_name = "Dagtilbud Opfølgning"

    def ready(self):
        from django.conf import settings

        from dagtilbud import checks, revision  # noqa: F401 - checks registers itself

        revision.connect()

        # kombu's filesystem transport expects its folders to exist.
        if settings.CELERY_BROKER_URL == "filesystem://":
            for key in ("data_folder_in", "processed_folder", "control_folder"):
                os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)
