from django.core.management.base import BaseCommand, CommandError

from dagtilbud import backup


class Command(BaseCommand):
    help = "Tag en backup af alle rækker og alle gemte filer til en ny mappe (se README: Backup and restore)."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="en ny eller tom mappe")

    def handle(self, *args, to, **options):
        try:
            manifest = backup.backup(to)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup i {to}: {sum(manifest['rows'].values())} rækker, {len(manifest['files'])} filer.")
