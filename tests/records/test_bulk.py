"""records.bulk on PostgreSQL: a large load sets the table's indexes and foreign keys aside and
builds them again, exactly as they were, and a row that breaks one is refused with the load."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from records.bulk import insert
from records.models import Conferral, Honour
from tests.records.test_import import CONFERRALS, run

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]


def schema():
    """The definitions of the conferral table's indexes and constraints."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = 'records_conferral'::regclass "
            "UNION SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'records_conferral'::regclass ORDER BY 1"
        )
        return [definition for (definition,) in cursor.fetchall()]


@pytest.fixture
def large(settings):
    """Every load counts as large, so that the rebuild runs on a few rows."""
    settings.BULK_REBUILD_ROWS = 1
    return schema()


def rebuilt(captured):
    return any(query["sql"].startswith("DROP INDEX") for query in captured)


def test_a_large_import_rebuilds_the_indexes_and_foreign_keys_as_they_were(personas, large):
    with CaptureQueriesContext(connection) as captured:
        result = run("conferrals", *CONFERRALS)
    assert result.counts.created == len(CONFERRALS)
    assert rebuilt(captured)
    assert schema() == large
    assert run("conferrals", *CONFERRALS).counts.unchanged == len(CONFERRALS)


FIELDS = ["year", "recipient_type", "person_id", "unit_id", "honour_id", "decision_number"]


@pytest.mark.parametrize("broken", ["unknown person", "same conferral twice"])
def test_a_row_breaking_a_rebuilt_constraint_refuses_the_whole_load(personas, large, broken):
    honour = Honour.objects.get(code="LDTT").pk
    row = (2023, "individual", personas.person_a.pk, personas.unit_a.pk, honour, "1/QĐ")
    other = (2023, "individual", personas.person_b.pk, personas.unit_a.pk, honour, "1/QĐ")
    bad = (*row[:2], 10**9, *row[3:]) if broken == "unknown person" else row
    before = Conferral.objects.count()
    with (
        CaptureQueriesContext(connection) as captured,
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):
        insert(Conferral, FIELDS, [row, other, bad], {"source": "import"})
    assert rebuilt(captured)
    assert Conferral.objects.count() == before
    assert schema() == large
