"""The reference data as the migrations leave it, kept once per session and put back in a
fraction of a second after a transactional test emptied the database.

Transactional tests (the browser tests' live server, the worker tests) end with a flush: every
table emptied. The next test that needs the municipalities used to load the reference files
again (``load_reference_data``: two to four seconds), a hundred times in a run. The snapshot
holds the rows of our apps' tables right after the test database was migrated, which is the
state every other test starts from, and puts them back with one INSERT per table.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model


@dataclass(frozen=True)
class Table:
    model: type[Model]
    columns: list[str]
    rows: list[tuple]


def _our_tables() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("solidair.")
        and model._meta.managed
        and not model._meta.proxy
    ]


def _adapted(model: type[Model], row: tuple) -> tuple:
    """PostgreSQL gives a JSON column's value decoded; it goes back as JSON."""
    if connection.vendor != "postgresql":
        return row
    from psycopg.types.json import Jsonb

    fields = model._meta.local_concrete_fields
    return tuple(
        Jsonb(value) if value is not None and field.get_internal_type() == "JSONField" else value
        for field, value in zip(fields, row, strict=True)
    )


def snapshot_take() -> list[Table]:
    """The rows of every table of ours that holds any."""
    quote = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for model in _our_tables():
            columns = [field.column for field in model._meta.local_concrete_fields]
            cursor.execute(
                f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)}"
            )
            rows = [_adapted(model, row) for row in cursor.fetchall()]
            if rows:
                tables.append(Table(model, columns, rows))
    return tables


def snapshot_restore(tables: list[Table]) -> None:
    """Put the snapshot's rows back into the emptied tables, and the primary keys' sequences
    after them (PostgreSQL). Foreign keys are checked at the commit, so the order of the tables
    does not matter."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {quote(table.model._meta.db_table)} "
                f"({', '.join(map(quote, table.columns))}) VALUES ({marks})",
                table.rows,
            )
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [table.model for table in tables]
        ):
            cursor.execute(statement)
