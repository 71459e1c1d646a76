"""Backups as one portable file (gzip-compressed JSON): restorable into an empty database of
either engine, checked by row counts and by the audit trail's hash chain."""

import gzip
import json
import tempfile
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

from records.integrity import verify_audit_chain
from records.roles import sync_groups

# Recreated by `migrate` itself (content types, permissions, the role groups) or not worth
# keeping (sessions, the admin's log, login-throttling counters).
EXCLUDED = ["contenttypes", "auth.permission", "auth.group", "sessions", "admin.logentry", "axes"]
# Tables that must be empty before a restore: a restore never merges into live data.
MUST_BE_EMPTY = ["records.Unit", "records.Person", "records.Conferral", "records.AuditEvent"]


class RestoreError(Exception):
    pass


def backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and not model._meta.proxy
    ]


def write_backup(path):
    """Write every record to `path`; return the row count per model."""
    data = StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        natural_foreign=True,
        stdout=data,
    )
    counts = {model._meta.label: model._default_manager.count() for model in backed_up_models()}
    with gzip.open(path, "wt", encoding="utf-8") as file:
        json.dump({"format": 1, "counts": counts, "records": json.loads(data.getvalue())}, file)
    return counts


def restore_backup(path):
    """Load a backup into an empty database; check its counts and the audit chain."""
    with gzip.open(path, "rt", encoding="utf-8") as file:
        backup = json.load(file)
    for label in MUST_BE_EMPTY:
        if apps.get_model(label)._default_manager.exists():
            raise RestoreError(
                _(
                    "The database is not empty (%(model)s has rows): restore "
                    "only into a new database."
                )
                % {"model": label}
            )
    with transaction.atomic(), tempfile.TemporaryDirectory() as scratch:
        sync_groups()
        fixture = Path(scratch) / "backup.json"
        fixture.write_text(json.dumps(backup["records"]), encoding="utf-8")
        call_command("loaddata", str(fixture), verbosity=0)
        counts = {
            label: apps.get_model(label)._default_manager.count() for label in backup["counts"]
        }
        if counts != backup["counts"]:
            raise RestoreError(_("The restored row counts differ from the backup's."))
        problems = verify_audit_chain()
        if problems:
            raise RestoreError("; ".join(problems))
    return counts
