"""Rows straight into a table: COPY on PostgreSQL, executemany on SQLite.

For the generator's own tables; ledger rows go through the ledger's bulk door instead
(see ledger_rows.py).
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def column(model: type[models.Model], attname: str) -> str:
    found = model._meta.get_field(attname)
    assert isinstance(found, models.Field), attname
    return str(found.column)


def pg_text(value: object) -> str:
    """A value as PostgreSQL's COPY text format reads it."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def write_rows(
    model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Write `rows` (tuples in `attnames` order) into `model`'s table, in the caller's
    transaction."""
    if not rows:
        return
    columns = [column(model, a) for a in attnames]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = "".join("\t".join(map(pg_text, row)) + "\n" for row in rows)
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                copy.write(text)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)
