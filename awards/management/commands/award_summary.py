"""`manage.py award_summary --year Y --unit CODE --format json|csv|xlsx|pdf|text [--output F]`:
the yearly award summary of a unit's subtree (see `awards.reports`)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import report_output, reports
from records.models import Unit


class Command(BaseCommand):
    help = "The yearly award summary of a unit's subtree: honours by method and campaign."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", required=True, help="code of the unit whose subtree is read")
        parser.add_argument(
            "--format", choices=["json", "csv", "xlsx", "pdf", "text"], default="json"
        )
        parser.add_argument("--output", help="file to write (required for xlsx and pdf)")

    def handle(self, *args, year, unit, format, output, **options):
        if format in ("xlsx", "pdf") and not output:
            raise CommandError("--output is required with --format xlsx or pdf")
        unit_obj = Unit.objects.filter(code=unit).first()
        if unit_obj is None:
            raise CommandError(_("Unknown unit %(code)s.") % {"code": unit})
        summary = reports.summary(unit_obj, year)
        if format == "xlsx":
            content = reports.summary_xlsx(summary)
        elif format == "pdf":
            content = report_output.pdf_bytes(
                "awards/reports/summary_print.html",
                {"summary": summary, "today": timezone.localdate()},
            )
        elif format == "csv":
            content = report_output.csv_text(*summary.table())
        elif format == "text":
            content = summary.paragraph() + "\n"
        else:
            content = json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n"
        if output:
            mode = "wb" if isinstance(content, bytes) else "w"
            with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
                handle.write(content)
        else:
            self.stdout.write(content, ending="")
