"""Bulk writes for imports of hundreds of thousands of rows: new rows go in with COPY on
PostgreSQL (bulk_create elsewhere), changed rows with one UPDATE … FROM (VALUES …) per batch. The
number of queries does not grow with the rows, and no per-value work happens in Django's ORM.
Nothing here calls save() or sends signals: callers compute derived fields themselves."""

import csv
import io
import itertools
import operator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

BATCH_SIZE = 2000


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def upsert(model, fields, rows, existing, create_extra=None):
    """Create or update `model` rows. `rows` holds (natural key, values in `fields` order);
    `existing` maps a natural key to (pk, values) of the rows already stored. Only rows whose
    values differ are updated."""
    counts = Counts()
    to_create, to_update = [], []
    for key, values in rows:
        found = existing.get(key)
        if found is None:
            to_create.append(values)
        elif found[1] != values:
            to_update.append((found[0], values))
        else:
            counts.unchanged += 1
    counts.created = insert(model, fields, to_create, create_extra or {})
    counts.updated = update(model, fields, to_update)
    return counts


def update(model, fields, rows):
    """Set `fields` of the rows given as (pk, values) in a few statements. Django's bulk_update
    builds a CASE expression per row and field in Python, which takes minutes for 15,000 rows."""
    if not rows:
        return 0
    meta, quote = model._meta, connection.ops.quote_name
    model_fields = [meta.get_field(name) for name in fields]
    columns = [quote(model_field.column) for model_field in model_fields]
    pk = quote(meta.pk.column)
    prepared = [
        [pk_value]
        + [f.get_db_prep_save(v, connection) for f, v in zip(model_fields, values, strict=True)]
        for pk_value, values in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{column} = %s" for column in columns)
            sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {pk} = %s"
            cursor.executemany(sql, [[*values[1:], values[0]] for values in prepared])
            return len(rows)
        types = [f.db_type(connection) for f in (meta.pk, *model_fields)]
        row_sql = "(" + ", ".join(f"%s::{db_type}" for db_type in types) + ")"
        assignments = ", ".join(f"{column} = v.{column}" for column in columns)
        names = ", ".join([pk, *columns])
        for start in range(0, len(prepared), BATCH_SIZE):
            batch = prepared[start : start + BATCH_SIZE]
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS v({names}) "
                f"WHERE t.{pk} = v.{pk}",
                [value for values in batch for value in values],
            )
    return len(rows)


def insert(model, fields, rows, extra):
    """Insert `rows` (tuples of values in `fields` order) with the `extra` values. PostgreSQL
    receives them through COPY (building 400,000 INSERT parameters in Python takes minutes), and
    a large load into a table it at least doubles rebuilds the table's indexes and foreign keys
    after it; elsewhere bulk_create in batches."""
    if connection.vendor == "postgresql" and rows:
        if len(rows) < settings.BULK_REBUILD_ROWS or len(rows) < model._base_manager.count():
            return copy_rows(model, fields, rows, extra)
        with indexes_and_foreign_keys_rebuilt(model):
            return copy_rows(model, fields, rows, extra)
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        model.objects.bulk_create(
            [model(**dict(zip(fields, values, strict=True)), **extra) for values in batch]
        )
    return len(rows)


@contextmanager
def indexes_and_foreign_keys_rebuilt(model):
    """Drop the table's secondary indexes and foreign keys, and create them again after the body,
    in the same transaction, as pg_restore does. For a load that at least doubles a table this is
    several times faster: PostgreSQL builds an index over sorted rows and checks a foreign key
    with one join, instead of updating each index and running each foreign key's trigger for
    every row (for 400,000 conferrals: seven indexes and three checks a row). A row that breaks
    a unique index or a foreign key fails the rebuild with an IntegrityError, as it would fail the
    COPY. The price: the table and the tables it refers to stay locked (ACCESS EXCLUSIVE) until
    the transaction ends, which settings.BULK_REBUILD_ROWS keeps to the large loads."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    # PostgreSQL alters no table while deferred checks of rows written earlier in the transaction
    # are pending (people created just before their conferrals): run them now.
    connection.check_constraints()
    with connection.cursor() as cursor:
        # Indexes that no constraint relies on (the primary key and unique constraints stay).
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = %s::regclass AND indexrelid NOT IN "
            "(SELECT conindid FROM pg_constraint WHERE conindid <> 0)",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign_keys = [(quote(name), definition) for name, definition in cursor.fetchall()]
        if foreign_keys:
            drops = ", ".join(f"DROP CONSTRAINT {name}" for name, _definition in foreign_keys)
            cursor.execute(f"ALTER TABLE {table} {drops}")
        if indexes:
            cursor.execute(f"DROP INDEX {', '.join(name for name, _definition in indexes)}")
        yield
        for _name, definition in indexes:
            cursor.execute(definition)
        if foreign_keys:
            adds = ", ".join(
                f"ADD CONSTRAINT {name} {definition}" for name, definition in foreign_keys
            )
            cursor.execute(f"ALTER TABLE {table} {adds}")


class CsvStream:
    """The rows as CSV text for COPY, written a thousand rows at a time as psycopg2 reads: the
    server parses and stores a piece while the next one is written, and the csv module does the
    quoting in C. Values are written with str(); None as an empty unquoted value, which COPY reads
    as NULL in the nullable columns (the models keep no nullable text column, after Django's
    convention) and as an empty string in the others."""

    def __init__(self, rows, tail):
        self.rows = iter(rows) if not tail else map(operator.add, rows, itertools.repeat(tail))
        self.buffer = io.StringIO()
        # \r\n as line end makes the writer quote values holding \r or \n.
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def read(self, size=-1):
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerows(itertools.islice(self.rows, 1000))
        return self.buffer.getvalue()


def copy_rows(model, fields, rows, extra):
    """COPY `rows` (tuples) followed by the `extra` values into the table of `model`."""
    extra = dict(extra)
    for model_field in model._meta.concrete_fields:
        wanted = model_field.attname not in fields and model_field.name not in extra
        if wanted and not model_field.primary_key:
            # What save() would fill in: auto_now(_add) timestamps and defaults.
            stamped = getattr(model_field, "auto_now_add", False) or getattr(
                model_field, "auto_now", False
            )
            if stamped:
                extra[model_field.name] = timezone.now()
            else:
                extra[model_field.name] = model_field.get_db_prep_save(
                    model_field.get_default(), connection
                )
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in [*fields, *extra]]
    names = ", ".join(quote(column.column) for column in columns)
    not_null = ", ".join(quote(column.column) for column in columns if not column.null)
    tail = tuple(None if value is None else str(value) for value in extra.values())
    sql = (
        f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN "
        f"WITH (FORMAT csv, FORCE_NOT_NULL ({not_null}))"
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, CsvStream(rows, tail))
    return len(rows)


def stored(queryset, fields, key):
    """{natural key: (pk, values in `fields` order)} of the rows of `queryset`."""
    found = {}
    for row in queryset.values_list("pk", *fields).iterator(chunk_size=BATCH_SIZE * 10):
        values = row[1:]
        found[key(values)] = (row[0], values)
    return found
