from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from records.integrity import verify_all
from records.signing import verify_checkpoints


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain and the registered checks (ballot digests); exits "
        "non-zero when any row was altered."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            help="Also compare the trail with the signed checkpoints in FILE (detects a rehash).",
        )

    def handle(self, *args, checkpoints=None, **options):
        problems = verify_all()
        if checkpoints:
            problems.extend(verify_checkpoints(checkpoints))
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(_("%(count)s integrity problems found.") % {"count": len(problems)})
        self.stdout.write(_("The audit trail is intact."))
