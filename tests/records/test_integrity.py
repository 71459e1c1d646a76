import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from records.integrity import verify_audit_chain
from records.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(personas):
    AuditEvent.objects.create(
        actor=personas.clerk,
        action="submit",
        object_type="nomination",
        object_id="1",
        from_state="draft",
        to_state="submitted",
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=personas.clerk,
            action="screen",
            object_type="nomination",
            object_id=str(n),
            details={"agenda": n},
        )
        for n in range(2, 5)
    )
    AuditEvent.objects.create(action="import", object_type="people", reason="Tệp nhân sự")
    return list(AuditEvent.objects.order_by("id"))


def tamper(sql, params):
    """Change the trail behind the application's back, as an intruder with database access
    would; on PostgreSQL that needs the append-only trigger switched off first."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_an_untouched_trail_verifies(trail):
    assert [event.previous_hash for event in trail[1:]] == [event.hash for event in trail[:-1]]
    assert verify_audit_chain() == []
    call_command("verify_integrity")


def test_an_altered_event_is_reported(trail):
    tamper("UPDATE records_auditevent SET to_state = 'approved' WHERE id = %s", [trail[0].pk])
    with translation.override("en"):  # the default language is Vietnamese
        assert verify_audit_chain() == [f"Audit event {trail[0].pk} was altered."]
    with pytest.raises(CommandError):
        call_command("verify_integrity")


@pytest.mark.parametrize("position", [0, 2, -1])
def test_a_removed_event_is_reported(trail, position):
    tamper("DELETE FROM records_auditevent WHERE id = %s", [trail[position].pk])
    assert verify_audit_chain()


def test_an_inserted_event_is_reported(trail):
    forged = AuditEvent(action="approve", object_type="nomination", object_id="9")
    forged.previous_hash = trail[1].hash
    forged.hash = forged.compute_hash()
    tamper(
        "INSERT INTO records_auditevent (created_at, action, object_type, object_id, from_state,"
        " to_state, reason, details, previous_hash, hash) VALUES (%s, %s, %s, %s, '', '', '',"
        " '{}', %s, %s)",
        [
            forged.created_at,
            forged.action,
            forged.object_type,
            forged.object_id,
            forged.previous_hash,
            forged.hash,
        ],
    )
    assert verify_audit_chain()


def test_the_application_cannot_edit_an_event(trail):
    event = trail[0]
    event.reason = "changed"
    with pytest.raises(TypeError):
        event.save()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize(
    "statement", ["UPDATE records_auditevent SET reason = 'x'", "DELETE FROM records_auditevent"]
)
def test_postgresql_refuses_update_and_delete_of_the_trail(trail, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
