"""A nomination's own steps: creation (one or in bulk), edits, dossier files, submission,
withdrawal and return for information."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import AgendaItem, DossierFile, Nomination, SessionStatus
from awards.services.common import (
    MANAGERS,
    PROPOSERS,
    S,
    TransitionError,
    _move,
    _refuse,
    audit,
    require_role,
    require_unit,
)
from records import uploads
from records.models import AuditEvent, Method, RecipientType

# --- Nominations --------------------------------------------------------------------------------


@dataclass
class NominationData:
    """What a new nomination says; shared by the form, bulk creation and the demo."""

    honour: object
    year: int
    method: str
    proposing_unit: object
    person: object = None
    unit: object = None
    campaign: str = ""
    summary: str = ""

    def build(self, actor):
        recipient_type = RecipientType.INDIVIDUAL if self.person else RecipientType.COLLECTIVE
        if not self.person and not self.unit:
            raise TransitionError(_("Name a person or a unit as the recipient."))
        if not self.honour.accepts(recipient_type):
            raise TransitionError(
                _("%(honour)s is not awarded to this kind of recipient.") % {"honour": self.honour}
            )
        if self.method == Method.THEMATIC and not self.campaign.strip():
            raise TransitionError(_("A thematic nomination names its campaign."))
        return Nomination(
            honour=self.honour,
            year=self.year,
            method=self.method,
            campaign=self.campaign.strip(),
            summary=self.summary,
            proposing_unit=self.proposing_unit,
            recipient_type=recipient_type,
            person=self.person,
            unit=self.person.unit if self.person else self.unit,
            created_by=actor if getattr(actor, "pk", None) else None,
        )


def create_nominations(actor, entries, reason=""):
    """Create draft nominations from `NominationData` entries, in bulk, each audited."""
    require_role(actor, *PROPOSERS)
    entries = list(entries)
    for entry in entries:
        require_unit(actor, entry.proposing_unit.pk)
    with transaction.atomic():
        created = Nomination.objects.bulk_create([entry.build(actor) for entry in entries])
        AuditEvent.objects.bulk_create(
            audit(actor, nomination, "created", "", S.DRAFT, reason) for nomination in created
        )
    return created


def create_nomination(actor, entry, reason=""):
    return create_nominations(actor, [entry], reason)[0]


def update_nomination(actor, nomination, **fields):
    """Edit a draft or returned nomination's content (never its state)."""
    require_role(actor, *PROPOSERS)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        require_unit(actor, locked.proposing_unit_id)
        if locked.status not in (S.DRAFT, S.RETURNED):
            _refuse(locked, _("edit"))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        audit(actor, locked, "edited", locked.status, locked.status).save()
    return locked


MAX_FILE_SIZE = uploads.MAX_FILE_SIZE


def check_upload(upload):
    """The file's extension, its first bytes and its size must agree: PDF, DOCX, JPEG or PNG up
    to 20 MB. Returns the content type to serve it with."""
    if problem := uploads.upload_problem(upload, MAX_FILE_SIZE):
        raise TransitionError(problem)
    return uploads.content_type_of(upload)


def add_dossier_file(actor, nomination, kind, upload):
    require_role(actor, *PROPOSERS)
    content_type = check_upload(upload)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        require_unit(actor, locked.proposing_unit_id)
        if locked.status not in (S.DRAFT, S.RETURNED, S.SUBMITTED):
            _refuse(locked, _("add a file"))
        stored = DossierFile.objects.create(
            nomination=locked,
            kind=kind,
            file=upload,
            original_name=uploads.safe_file_name(upload.name),
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        audit(actor, locked, "file_added", locked.status, locked.status, upload.name).save()
    return stored


def submit(actor, nominations):
    require_role(actor, *PROPOSERS)
    with transaction.atomic():
        return _move(actor, nominations, (S.DRAFT, S.RETURNED), S.SUBMITTED, "submit", _("submit"))


def withdraw(actor, nominations, reason):
    """Withdraw before the session: a nomination already on a planned agenda leaves it."""
    require_role(actor, *PROPOSERS)
    if not reason.strip():
        raise TransitionError(_("Say why the nomination is withdrawn."))
    with transaction.atomic():
        moved = _move(
            actor,
            nominations,
            (S.DRAFT, S.SUBMITTED, S.RETURNED, S.SCREENED, S.DEFERRED),
            S.WITHDRAWN,
            "withdraw",
            _("withdraw"),
            reason,
        )
        AgendaItem.objects.filter(
            nomination__in=moved, session__status=SessionStatus.PLANNED
        ).delete()
    return moved


def return_for_information(actor, nominations, reason):
    require_role(actor, *MANAGERS)
    if not reason.strip():
        raise TransitionError(_("Say what information is missing."))
    with transaction.atomic():
        return _move(
            actor, nominations, (S.SUBMITTED,), S.RETURNED, "return", _("return"), reason.strip()
        )
