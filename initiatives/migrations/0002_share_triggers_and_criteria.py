"""Database triggers that keep `Initiative.share_total` (see `ShareTotal`), the allowed total
100, and the initiative council's default scoring criteria."""

from django.db import migrations

EDITABLE = "('draft', 'returned')"
# The value `share_total` must hold for one initiative row (`row` names the initiative table).
TOTAL = (
    f"CASE WHEN {{row}}.status IN {EDITABLE} THEN NULL ELSE "
    "(SELECT COALESCE(SUM(a.share), 0) FROM initiatives_author a WHERE a.initiative_id = {row}.id)"
    " END"
)
REFRESH = (
    "UPDATE initiatives_initiative SET share_total_id = "
    + TOTAL.format(row="initiatives_initiative")
    + " WHERE id = {id};"
)

SQLITE = [
    f"""CREATE TRIGGER initiatives_author_insert AFTER INSERT ON initiatives_author BEGIN
        {REFRESH.format(id="NEW.initiative_id")} END;""",
    f"""CREATE TRIGGER initiatives_author_delete AFTER DELETE ON initiatives_author BEGIN
        {REFRESH.format(id="OLD.initiative_id")} END;""",
    f"""CREATE TRIGGER initiatives_author_update AFTER UPDATE ON initiatives_author BEGIN
        {REFRESH.format(id="OLD.initiative_id")} {REFRESH.format(id="NEW.initiative_id")} END;""",
    f"""CREATE TRIGGER initiatives_initiative_insert AFTER INSERT ON initiatives_initiative BEGIN
        {REFRESH.format(id="NEW.id")} END;""",
    # Stops by itself: the refresh writes the value the WHEN clause compares with.
    f"""CREATE TRIGGER initiatives_initiative_update
        AFTER UPDATE OF status, share_total_id ON initiatives_initiative
        WHEN NEW.share_total_id IS NOT ({TOTAL.format(row="NEW")}) BEGIN
        {REFRESH.format(id="NEW.id")} END;""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS initiatives_{name};"
    for name in [
        "author_insert",
        "author_delete",
        "author_update",
        "initiative_insert",
        "initiative_update",
    ]
]

POSTGRES = [
    f"""CREATE FUNCTION initiatives_share_total() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'initiatives_initiative' THEN
            NEW.share_total_id := {TOTAL.format(row="NEW")};
            RETURN NEW;
        END IF;
        -- An author row changed: touch its initiative, whose BEFORE trigger recomputes the total.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE initiatives_initiative SET share_total_id = NULL WHERE id = OLD.initiative_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE initiatives_initiative SET share_total_id = NULL WHERE id = NEW.initiative_id;
        END IF;
        RETURN NULL;
    END $$;""",
    """CREATE TRIGGER initiatives_initiative_share_total
        BEFORE INSERT OR UPDATE ON initiatives_initiative
        FOR EACH ROW EXECUTE FUNCTION initiatives_share_total();""",
    """CREATE TRIGGER initiatives_author_share_total
        AFTER INSERT OR UPDATE OR DELETE ON initiatives_author
        FOR EACH ROW EXECUTE FUNCTION initiatives_share_total();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS initiatives_author_share_total ON initiatives_author;",
    "DROP TRIGGER IF EXISTS initiatives_initiative_share_total ON initiatives_initiative;",
    "DROP FUNCTION IF EXISTS initiatives_share_total();",
]



def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES}[vendor])


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}[vendor])


def load_data(apps, schema_editor):
    from initiatives import reference

    reference.load(apps)


def unload_data(apps, schema_editor):
    from initiatives import reference

    apps.get_model("initiatives", "Criterion").objects.filter(
        code__in=[code for code, *_rest in reference.CRITERIA]
    ).delete()
    apps.get_model("initiatives", "ShareTotal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(load_data, unload_data),
    ]
