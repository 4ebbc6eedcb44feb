from django.core.management.base import BaseCommand

from budgetfollowup.reports import requeue_stale_reports


class Command(BaseCommand):
    help = "Sætter rapporter, der har stået i kø eller under dannelse for længe, i kø igen."

    def handle(self, *args, **options):
        ids = requeue_stale_reports()
        self.stdout.write(f"{len(ids)} rapporter sat i kø igen.")
