from django.core.management.base import BaseCommand

from dagtilbud.documents.workflow import requeue_stale
from dagtilbud.imports.workflow import requeue_stale as requeue_stale_imports


class Command(BaseCommand):
    help = ("Sender rapporter og importer, hvis besked aldrig nåede køen, blev væk, eller hvis worker døde, til en "
            "worker igen (det samme som Celery beat gør hvert minut).")

    def handle(self, *args, **options):
        self.stdout.write(f"{len(requeue_stale())} rapporter og {len(requeue_stale_imports())} importer sat i kø igen.")
