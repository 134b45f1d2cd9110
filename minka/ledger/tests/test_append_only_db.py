"""The database itself refuses to change or delete append-only rows: ledger entries,
what a payout's receipt says, stock moves and fund entries. Raw SQL, not the models
(which refuse in Python too), on SQLite and on PostgreSQL; flush, backup and restore
still work."""

import io
import os
import sqlite3
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from minka.conftest import build_world
from minka.ledger.models import LedgerEntry, Payout
from minka.ledger.services import earning_add, payout_make
from minka.sales.models import FundEntry, Location, StockMove


def some_rows(world):
    """An earning, a payout, a stock move and a fund entry, as the app writes them."""
    today = timezone.localdate()
    earning_add(
        member=world.maria,
        quantity=2,
        unit_amount=Decimal("45.00"),
        description="Chompa",
        entry_date=today,
    )
    payout = payout_make(
        member=world.maria, amount=Decimal("40.00"), paid_on=today, method="cash", by=world.teresa
    )
    shop = Location.objects.create(group=world.camacani, name="Tienda", kind="shop")
    StockMove.objects.create(
        group=world.camacani,
        kind="own",
        product=world.sweater,
        maker=world.maria,
        origin="own",
        to_location=shop,
        quantity=1,
        moved_on=today,
        by=world.rosa,
    )
    FundEntry.objects.create(
        group=world.camacani,
        kind="income",
        amount=Decimal("10.00"),
        entry_date=today,
        description="Rifa",
        by=world.teresa,
    )
    return payout


def raw(sql: str, params: list[object] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql: str, params: list[object] | None = None) -> bool:
    try:
        raw(sql, params)
    except IntegrityError as exc:
        assert "refused" in str(exc)
        return True
    return False


GUARDED = ["ledger_ledgerentry", "ledger_payout", "sales_stockmove", "sales_fundentry"]


def test_raw_updates_and_deletes_of_append_only_rows_are_refused(world):
    payout = some_rows(world)
    before = sorted(LedgerEntry.objects.values_list("id", "amount"))

    assert refused("UPDATE ledger_ledgerentry SET amount = amount * 2")
    assert refused("UPDATE ledger_ledgerentry SET description = 'otra cosa'")
    assert refused("UPDATE ledger_payout SET amount = 1")
    assert refused("UPDATE ledger_payout SET paid_on = paid_on - 1")
    assert refused("UPDATE sales_stockmove SET quantity = 5")
    assert refused("UPDATE sales_fundentry SET amount = 1000")
    for table in GUARDED:
        assert refused(f"DELETE FROM {table}"), table

    assert sorted(LedgerEntry.objects.values_list("id", "amount")) == before
    assert Payout.objects.get().amount == payout.amount == Decimal("40.00")
    assert StockMove.objects.count() == FundEntry.objects.count() == 1


def test_a_payout_column_that_is_not_on_the_receipt_may_still_be_filled_in(world):
    some_rows(world)
    raw("UPDATE ledger_payout SET request_id = NULL")  # not refused
    assert Payout.objects.get().request_id is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # rows committed, as on a server
def test_truncate_is_refused_too():
    some_rows(build_world())
    for table in GUARDED:
        assert refused(f"TRUNCATE {table} CASCADE"), table
    assert LedgerEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_guarded_tables_and_puts_the_guards_back():
    # The test runner flushes after each transactional test like this one, too.
    some_rows(build_world())
    call_command("flush", interactive=False, verbosity=0)
    assert LedgerEntry.objects.count() == Payout.objects.count() == StockMove.objects.count() == 0

    some_rows(build_world())
    assert refused("DELETE FROM ledger_ledgerentry")
    assert LedgerEntry.objects.count() == 2


# --- backup and restore -----------------------------------------------------------------------


def minka(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MINKA_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "minka.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def restored_copy_works(url: str) -> None:
    """A restored copy is up to date, its month totals agree, and it keeps its guards."""
    unapplied = minka("migrate", "--check", database_url=url)
    assert unapplied.returncode == 0, unapplied.stdout + unapplied.stderr
    checked = minka("check-ledger", database_url=url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "sin diferencias" in checked.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite copy")
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_keeps_the_rows_and_the_guards(tmp_path: Path):
    some_rows(build_world())
    target = tmp_path / "copia.sqlite3"
    call_command("backup", str(target), stdout=io.StringIO())

    # Restoring a site is putting the copy in place of the database file.
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM ledger_ledgerentry").fetchone() == (2,)
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        copy.execute("UPDATE ledger_ledgerentry SET amount = 0")
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        copy.execute("DELETE FROM sales_fundentry")
    copy.close()
    restored_copy_works(f"sqlite:///{target}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_with_its_rows_and_guards(tmp_path: Path):
    import psycopg

    some_rows(build_world())
    target = tmp_path / "copia.pgdump"
    call_command("backup", str(target), stdout=io.StringIO())

    db = connection.settings_dict
    server = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # As docs/operations.md says; the second time over a database full of rows.
        for _ in range(2):
            done = subprocess.run(
                ["pg_restore", "--clean", "--if-exists", f"--dbname={server}/{name}", target],
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr
        with psycopg.connect(f"{server}/{name}") as copy:
            count = copy.execute("SELECT count(*) FROM ledger_ledgerentry").fetchone()
            assert count == (2,)
            with pytest.raises(psycopg.errors.IntegrityError, match="refused"):
                copy.execute("UPDATE ledger_payout SET amount = 1")
        restored_copy_works(f"{server}/{name}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_every_append_only_model_that_travels_is_guarded_by_the_database():
    """Sync applies these by INSERT only and never expects one to change: the database
    must refuse an UPDATE or DELETE of each, not only the model."""
    from django.apps import apps

    from minka.lib.appendonly import PREFIX
    from minka.sync.registry import APPEND_ONLY

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = {row[0] for row in cursor.fetchall()}
    unguarded = [
        label
        for label in sorted(APPEND_ONLY)
        if {
            f"{PREFIX}{apps.get_model(label)._meta.db_table}_{action}"
            for action in ("update", "delete")
        }
        - triggers
    ]
    assert unguarded == []
