"""Append-only tables, kept so by the database itself (SQLite and PostgreSQL triggers).

The models refuse an update or a delete in Python too (save, delete, the querysets), but
raw SQL, a script or a future bug would go round them: these triggers make the database
answer such a statement with an IntegrityError. An app's migration installs them for its
own tables with the operation `guard_tables(Guard(...), ...)` (install going forward,
remove going back).

- Guard(table): no UPDATE, no DELETE (nor TRUNCATE on PostgreSQL) of any row.
- Guard(table, frozen=(columns...)): an UPDATE may change other columns, never these.

The one way round them is `flush` (Django's command, which the test runner calls after
each transactional test): Minka's flush (ledger/management/commands/flush.py) lifts the
triggers, empties the tables and puts the triggers back, in one transaction. Emptying
the whole database is not correcting an entry; there is no flag or setting that lets an
ordinary connection delete a row.

SQLite drops a table's triggers with the table, and Django rebuilds a table (new table,
copy, drop, rename) for many schema changes on SQLite: a later migration that alters a
guarded table must call `install` again after it. The tests that issue raw SQL against
every guarded table catch a migration that forgot.
"""

from dataclasses import dataclass
from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

PREFIX = "minka_guard_"


@dataclass(frozen=True)
class Guard:
    table: str
    frozen: tuple[str, ...] = ()  # empty: every column; else only these may not change
    why: str = "append-only: correct it with a reversing entry"


def _message(guard: Guard, action: str) -> str:
    return f"{guard.table}: {action} refused, {guard.why}".replace("'", "")


def _sqlite(guard: Guard) -> list[str]:
    t = guard.table
    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in guard.frozen)
    when = f" WHEN {changed}" if changed else ""
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{PREFIX}{t}_update" BEFORE UPDATE ON "{t}"{when} '
        f"BEGIN SELECT RAISE(ABORT, '{_message(guard, 'UPDATE')}'); END",
        f'CREATE TRIGGER IF NOT EXISTS "{PREFIX}{t}_delete" BEFORE DELETE ON "{t}" '
        f"BEGIN SELECT RAISE(ABORT, '{_message(guard, 'DELETE')}'); END",
    ]


# SQLSTATE 23000 (integrity constraint violation): psycopg raises IntegrityError, as
# SQLite's RAISE(ABORT) does, so callers see the same exception on both databases.
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION minka_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = '23000';
END
$$
"""


def _postgresql(guard: Guard) -> list[str]:
    t = guard.table
    changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in guard.frozen)
    when = f" WHEN ({changed})" if changed else ""
    return [
        f'CREATE OR REPLACE TRIGGER "{PREFIX}{t}_update" BEFORE UPDATE ON "{t}" FOR EACH ROW'
        f"{when} EXECUTE FUNCTION minka_refuse('{_message(guard, 'UPDATE')}')",
        f'CREATE OR REPLACE TRIGGER "{PREFIX}{t}_delete" BEFORE DELETE ON "{t}" FOR EACH ROW '
        f"EXECUTE FUNCTION minka_refuse('{_message(guard, 'DELETE')}')",
        # TRUNCATE fires no row trigger: a statement trigger refuses it.
        f'CREATE OR REPLACE TRIGGER "{PREFIX}{t}_truncate" BEFORE TRUNCATE ON "{t}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION minka_refuse('{_message(guard, 'TRUNCATE')}')",
    ]


def install(schema_editor: BaseDatabaseSchemaEditor, guards: list[Guard]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_FUNCTION)
        for guard in guards:
            for sql in _postgresql(guard):
                schema_editor.execute(sql)
    elif vendor == "sqlite":
        for guard in guards:
            for sql in _sqlite(guard):
                schema_editor.execute(sql)
    else:  # pragma: no cover - Minka runs on these two only
        raise NotImplementedError(f"no append-only triggers for {vendor}")


def remove(schema_editor: BaseDatabaseSchemaEditor, guards: list[Guard]) -> None:
    vendor = schema_editor.connection.vendor
    for guard in guards:
        for action in ("update", "delete", "truncate"):
            name = f'"{PREFIX}{guard.table}_{action}"'
            if vendor == "postgresql":
                schema_editor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{guard.table}"')
            elif action != "truncate":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def lift(connection: BaseDatabaseWrapper) -> list[str]:
    """Drop every guard trigger; return the SQL that puts them back (see `restore`).
    Only for flush, inside its transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) "
                "FROM pg_trigger WHERE tgname LIKE %s",
                [PREFIX + "%"],
            )
            found: list[Any] = cursor.fetchall()
            for name, table, _sql in found:
                cursor.execute(f'DROP TRIGGER "{name}" ON {table}')
            return [sql for _name, _table, sql in found]
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [PREFIX + "%"],
        )
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f'DROP TRIGGER "{name}"')
        return [sql for _name, sql in found]


def restore(connection: BaseDatabaseWrapper, saved: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in saved:
            cursor.execute(sql)


def guard_tables(*guards: Guard) -> migrations.RunPython:
    """A migration operation: install these guards; going back, remove them."""

    def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        install(schema_editor, list(guards))

    def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        remove(schema_editor, list(guards))

    return migrations.RunPython(forwards, backwards)
