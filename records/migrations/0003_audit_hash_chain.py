from django.db import migrations, models

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION records_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER records_auditevent_append_only
    BEFORE UPDATE OR DELETE ON records_auditevent
    FOR EACH ROW EXECUTE FUNCTION records_auditevent_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS records_auditevent_append_only ON records_auditevent;
DROP FUNCTION IF EXISTS records_auditevent_append_only();
"""


def chain_existing_events(apps, schema_editor):
    """Events written before the chain existed are chained in the order they were written."""
    from records.models import AuditEvent as CurrentAuditEvent

    AuditEvent = apps.get_model("records", "AuditEvent")
    AuditChain = apps.get_model("records", "AuditChain")
    previous, count = "", 0
    for event in AuditEvent.objects.order_by("id"):
        event.previous_hash = previous
        event.hash = CurrentAuditEvent.compute_hash(event)
        event.save(update_fields=["previous_hash", "hash"])
        previous, count = event.hash, count + 1
    AuditChain.objects.create(pk=1, last_hash=previous, length=count)


def append_only_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_append_only_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("records", "0002_load_catalogue")]

    operations = [
        migrations.CreateModel(
            name="AuditChain",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("last_hash", models.CharField(blank=True, max_length=64)),
                ("length", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "audit chain head"},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.RunPython(append_only_trigger, drop_append_only_trigger),
    ]
