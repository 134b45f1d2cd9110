"""Writing many records of one model at once, as they arrived in a bundle.

The rows are written exactly as `save_base(raw=True)` would write them one by one (every
column from the bundle, no auto_now, no signals, no save() of the model, no change
recorded: the applier records the changes itself), but a few statements per model and
batch instead of one per record: the new records by one COPY on PostgreSQL (one INSERT
run for every row on SQLite), the changed ones by one UPDATE statement run for each.
Each value is checked and converted by its field as serial.from_json does.
"""

import uuid
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.expressions import RawSQL

from minka.sync.serial import is_user_fk, user_for

Convert = Callable[[Any, Any], Any]  # (value from the bundle, the users) -> database value


def _converter(field: Any) -> Convert:
    db = connections[DEFAULT_DB_ALIAS]
    prep = field.get_db_prep_save
    if is_user_fk(field):
        return lambda value, users: prep(user_for(value, users), db)
    if isinstance(field, models.JSONField | models.FileField):
        return lambda value, users: prep(value, db)
    target = field.target_field if field.is_relation else field
    to_python = target.to_python
    if isinstance(target, models.UUIDField) and db.vendor == "postgresql":
        # An id as text goes to COPY as it is: PostgreSQL reads it as a uuid, or refuses
        # the whole bundle if it is not one (SQLite stores ids as hex: converted there).
        return lambda value, users: value if type(value) is str else prep(to_python(value), db)
    if isinstance(field, models.CharField | models.TextField) and not field.is_relation:
        # A string is already what the column takes (to_python would return it as is).
        return lambda value, users: value if type(value) is str else prep(to_python(value), db)
    return lambda value, users: None if value is None else prep(to_python(value), db)


@cache
def _plan(label: str, vendor: str) -> tuple[type[models.Model], list[Any], list[Convert]]:
    """The model, its columns (primary key first) and a converter for each other one."""
    model = apps.get_model(label)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return model, [model._meta.pk, *fields], [_converter(f) for f in fields]


def _model_plan(label: str) -> tuple[type[models.Model], list[Any], list[Convert]]:
    return _plan(label, connections[DEFAULT_DB_ALIAS].vendor)


def row(label: str, pk: str, data: dict[str, Any], users: Any) -> list[Any]:
    """The record's column values, ready for the database, its primary key first.
    A missing field or a value its field refuses raises (the bundle is refused)."""
    _model, fields, converters = _model_plan(label)
    db = connections[DEFAULT_DB_ALIAS]
    out: list[Any] = [
        pk if db.vendor == "postgresql" else fields[0].get_db_prep_save(uuid.UUID(pk), db)
    ]
    for field, convert in zip(fields[1:], converters, strict=True):
        try:
            value = data[field.attname]
        except KeyError:
            raise ValueError(f"{label}.{field.attname} missing") from None
        out.append(convert(value, users))
    return out


def among(ids: Iterable[Any]) -> Any:
    """For `field__in=`: these ids. On PostgreSQL as one array parameter, not thousands
    of values each converted by the field and quoted into the statement."""
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::uuid[])", [[str(i) for i in ids]])
    return list(ids)


def existing(label: str, ids: Iterable[str]) -> set[str]:
    """Which of these records are here already (one query)."""
    model = _model_plan(label)[0]
    found = model._base_manager.filter(pk__in=among(ids)).values_list("pk", flat=True)
    return {str(pk) for pk in found}


def insert(label: str, rows: list[list[Any]]) -> None:
    """New records, rows as made by row()."""
    if rows:
        model, fields, _converters = _model_plan(label)
        insert_rows(model._meta.db_table, [f.column for f in fields], rows)


def insert_rows(table: str, columns: list[str], rows: list[list[Any]]) -> None:
    """Rows of database values into a table: by COPY on PostgreSQL (no statement to
    parse per row), else one INSERT run for each row."""
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # The raw cursor's errors as Django's (DataError, IntegrityError...): a bad
            # value refuses the bundle like any other.
            sql = f"COPY {quote(table)} ({names}) FROM STDIN"
            with db.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def update(label: str, rows: list[list[Any]]) -> None:
    """Every column of each record as it arrived (rows as made by row())."""
    if not rows:
        return
    model, fields, _converters = _model_plan(label)
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields[1:])
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(fields[0].column)} = %s"
    with db.cursor() as cursor:
        cursor.executemany(sql, [[*r[1:], r[0]] for r in rows])
