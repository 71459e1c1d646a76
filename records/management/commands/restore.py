from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from records.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "Load a file written by `backup` into an empty, migrated database and check it."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            counts = restore_backup(file)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(rows)s rows; counts match the backup and the audit trail is intact.")
            % {"rows": sum(counts.values())}
        )
