import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from records.checks import audit_role_check
from records.integrity import verify_audit_chain
from records.models import AuditChain, AuditEvent
from records.signing import read_checkpoints, verify_checkpoints
from tests.records.test_integrity import tamper, trail  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def raw(key):
    return base64.b64encode(key.private_bytes_raw()).decode()


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_SIGNING_KEY = raw(Ed25519PrivateKey.generate())
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    return settings.AUDIT_CHECKPOINT_FILE


def rehash_all():
    """What an intruder who knows the hashing does after an edit: recompute every hash so the
    chain alone looks intact."""
    previous = ""
    for event in AuditEvent.objects.order_by("id"):
        event.previous_hash = previous
        event.hash = event.compute_hash()
        tamper(
            "UPDATE records_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [event.previous_hash, event.hash, event.pk],
        )
        previous = event.hash
    AuditChain.objects.filter(pk=1).update(last_hash=previous)


def test_a_checkpoint_is_appended_to_the_file_and_the_trail(trail, checkpoint_file):  # noqa: F811
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")
    lines = read_checkpoints(checkpoint_file)
    assert [line["length"] for line in lines] == [len(trail), len(trail) + 1]
    assert lines[0]["head"] == trail[-1].hash
    assert AuditEvent.objects.filter(action="checkpoint").count() == 2
    assert verify_checkpoints(checkpoint_file) == []
    call_command("verify_integrity", checkpoints=checkpoint_file)


def test_a_full_rehash_is_caught_by_the_checkpoints(trail, checkpoint_file):  # noqa: F811
    call_command("audit_checkpoint")
    tamper("UPDATE records_auditevent SET to_state = 'approved' WHERE id = %s", [trail[0].pk])
    rehash_all()
    assert verify_audit_chain() == []  # the chain alone is fooled
    with translation.override("en"):
        [problem] = verify_checkpoints(checkpoint_file)
    assert "was rewritten before checkpoint" in problem
    with pytest.raises(CommandError):
        call_command("verify_integrity", checkpoints=checkpoint_file)


def test_a_checkpoint_signed_with_another_key_is_refused(trail, checkpoint_file, settings):  # noqa: F811
    call_command("audit_checkpoint")
    other = Ed25519PrivateKey.generate().public_key()
    settings.AUDIT_VERIFY_KEY = base64.b64encode(
        other.public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
    with translation.override("en"):
        [problem] = verify_checkpoints(checkpoint_file)
    assert "is not signed by the audit key" in problem


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on PostgreSQL")
def test_check_warns_when_the_app_role_can_rewrite_the_trail():
    # the tests connect as the superuser that owns every table
    assert [warning.id for warning in audit_role_check(databases=["default"])] == ["records.W001"]
