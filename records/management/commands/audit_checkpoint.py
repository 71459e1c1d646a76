from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from records.signing import short_form, write_checkpoint


class Command(BaseCommand):
    help = (
        "Sign the audit trail's head with the key kept off the database and append the "
        "checkpoint to AUDIT_CHECKPOINT_FILE and to the trail; run it from a timer."
    )

    def handle(self, *args, **options):
        checkpoint = write_checkpoint()
        self.stdout.write(_("Checkpoint %(short)s written.") % {"short": short_form(checkpoint)})
