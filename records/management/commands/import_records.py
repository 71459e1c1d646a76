"""Import history from a CSV or .xlsx file: `manage.py import_records KIND FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from records.importing import IMPORTERS, run_import, summary


class Command(BaseCommand):
    help = "Import units, people, conferred honours, ratings, discipline or initiatives."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind, file, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            message = _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
            raise CommandError(message) from None
        result = run_import(kind, data, file_name=file.name)
        if result.ok:
            self.stdout.write(summary(result, file.name))
            return
        for error in result.errors:
            where = _("Row %(row)s") % {"row": error.row} if error.row else _("File")
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        raise CommandError(
            _("Nothing was imported: %(count)s problems found.") % {"count": len(result.errors)}
        )
