from django.core.management.base import BaseCommand

from dagtilbud.documents.workflow import requeue_stale


class Command(BaseCommand):
    help = "Sætter rapporter, der har stået i kø eller under dannelse for længe, i kø igen."

    def handle(self, *args, **options):
        self.stdout.write(f"{len(requeue_stale())} rapporter sat i kø igen.")
