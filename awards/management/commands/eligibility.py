"""`manage.py eligibility --year Y --unit CODE [--honour CODE] --format json|xlsx [--output F]`:
who in a unit's subtree is eligible for an honour, with the reasons (DOMAIN §4)."""

import json

from django.core.management.base import BaseCommand, CommandError

from awards import eligibility


class Command(BaseCommand):
    help = "Eligibility of every person (or unit, for collective honours) of a unit's subtree."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", required=True, help="code of the unit whose subtree is read")
        parser.add_argument("--honour", help="honour code; every checkable honour when omitted")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="file to write (required for xlsx)")

    def handle(self, *args, year, unit, honour, format, output, **options):
        if format == "xlsx" and not output:
            raise CommandError("--output is required with --format xlsx")
        try:
            unit_obj = eligibility.find_unit(unit)
            codes = None if honour is None else [honour]
            entries = eligibility.check_unit(year, unit_obj, codes)
        except eligibility.EligibilityError as error:
            raise CommandError(str(error)) from error
        if format == "xlsx":
            content = eligibility.to_xlsx(entries)
            with open(output, "wb") as handle:
                handle.write(content)
            return
        text = json.dumps([entry.as_json() for entry in entries], ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
