from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from records.integrity import verify_all


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain and the registered checks (ballot digests); exits "
        "non-zero when any row was altered."
    )

    def handle(self, *args, **options):
        problems = verify_all()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(_("%(count)s integrity problems found.") % {"count": len(problems)})
        self.stdout.write(_("The audit trail is intact."))
