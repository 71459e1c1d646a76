"""Checkpoints of the audit trail signed outside the database.

A checkpoint is the chain's head (its length and the hash of its last event) signed with an
Ed25519 key that lives on the app servers (`AUDIT_SIGNING_KEY` or `AUDIT_SIGNING_KEY_FILE`),
never in the database. Each is appended to `AUDIT_CHECKPOINT_FILE` (one JSON line) and written to
the chain as an event. Whoever rewrites the trail, even rehashing all of it, cannot sign a new
head: `verify_checkpoints` finds that the event at a checkpoint's position no longer carries the
signed hash.
"""

import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from records.integrity import chain_head
from records.models import AuditEvent


def signing_key():
    """The Ed25519 private key: base64 of its 32 raw bytes in the setting, or a PEM file."""
    if settings.AUDIT_SIGNING_KEY:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.AUDIT_SIGNING_KEY))
    if settings.AUDIT_SIGNING_KEY_FILE:
        with open(settings.AUDIT_SIGNING_KEY_FILE, "rb") as key_file:
            return load_pem_private_key(key_file.read(), password=None)
    raise ImproperlyConfigured("Set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE.")


def verify_key():
    """The public key checkpoints are verified with: `AUDIT_VERIFY_KEY`, else the signing key's."""
    if settings.AUDIT_VERIFY_KEY:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(settings.AUDIT_VERIFY_KEY))
    return signing_key().public_key()


def message(length, head, at):
    return f"audit-checkpoint:{length}:{head}:{at}".encode()


def short_form(checkpoint):
    """What is printed on minutes and decisions: the length and the start of the hash."""
    return f"{checkpoint['length']}·{checkpoint['head'][:12]}"


def write_checkpoint():
    """Sign the chain's head, append it to the checkpoint file and to the chain; return it."""
    head, length = chain_head()
    at = timezone.now().isoformat()
    signature = signing_key().sign(message(length, head, at))
    checkpoint = {
        "length": length,
        "head": head,
        "at": at,
        "signature": base64.b64encode(signature).decode(),
    }
    with open(settings.AUDIT_CHECKPOINT_FILE, "a", encoding="utf-8") as checkpoint_file:
        checkpoint_file.write(json.dumps(checkpoint, sort_keys=True) + "\n")
    AuditEvent.objects.create(
        action="checkpoint", object_type="audit chain", object_id=str(length), details=checkpoint
    )
    return checkpoint


def read_checkpoints(path):
    with open(path, encoding="utf-8") as checkpoint_file:
        return [json.loads(line) for line in checkpoint_file if line.strip()]


def verify_checkpoints(path):
    """Problems found comparing the trail with the signed checkpoints in `path` (empty: none)."""
    public_key = verify_key()
    problems = []
    hashes = list(AuditEvent.objects.order_by("id").values_list("hash", flat=True))
    for checkpoint in read_checkpoints(path):
        length, head = checkpoint["length"], checkpoint["head"]
        try:
            public_key.verify(
                base64.b64decode(checkpoint["signature"]),
                message(length, head, checkpoint["at"]),
            )
        except InvalidSignature:
            problems.append(
                _("Checkpoint %(short)s is not signed by the audit key.")
                % {"short": short_form(checkpoint)}
            )
            continue
        if (hashes[length - 1] if 0 < length <= len(hashes) else "") != head:
            problems.append(
                _(
                    "The audit trail was rewritten before checkpoint %(short)s of %(at)s: its "
                    "event %(length)s no longer carries the signed hash."
                )
                % {"short": short_form(checkpoint), "at": checkpoint["at"], "length": length}
            )
    return problems
