from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from records.backup import write_backup


class Command(BaseCommand):
    help = "Write every record to one file (gzip-compressed JSON), restorable with `restore`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="e.g. backup-2026-12-15.json.gz")

    def handle(self, *args, file, **options):
        counts = write_backup(file)
        self.stdout.write(
            _("Backed up %(rows)s rows of %(models)s tables to %(file)s.")
            % {"rows": sum(counts.values()), "models": len(counts), "file": file}
        )
