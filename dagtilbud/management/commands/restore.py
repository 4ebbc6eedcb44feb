from django.core.management.base import BaseCommand, CommandError

from dagtilbud import backup


class Command(BaseCommand):
    help = "Gendan en backup (fra manage.py backup) i en tom database; tjekker rækker og filers SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="mappen med backuppen")

    def handle(self, *args, source, **options):
        try:
            manifest = backup.restore(source)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Gendannet fra {source}: {sum(manifest['rows'].values())} rækker, "
                          f"{len(manifest['files'])} filer, alle kontrolleret.")
