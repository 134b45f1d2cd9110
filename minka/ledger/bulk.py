"""Many ledger rows at once, for the data generator (and any later bulk import).

The one door for rows that do not come one at a time through entry_add: payouts and
entries go in with COPY on PostgreSQL and executemany on SQLite, and the month totals
are brought up to date in the same transaction, so balances and `minka check-ledger`
agree with what was loaded. The rows must already follow the services' rules (amounts
to the cent, never zero; a reversal after the entry it reverses); this checks the
columns, not the rules.
"""

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction

from minka.ledger.models import LedgerEntry, Payout
from minka.ledger.totals import Key, Sums, month_of, to_cents, totals_add, totals_rebuild

PAYOUT_COLUMNS = (
    "id", "site", "created_at", "group_id", "member_id", "number", "amount", "currency",
    "paid_on", "method", "is_advance", "paid_by_id",
)  # fmt: skip
ENTRY_COLUMNS = (
    "id", "site", "created_at", "group_id", "member_id", "kind", "amount", "currency",
    "entry_date", "description", "quantity", "unit_amount", "reverses_id", "payout_id",
    "source_type", "source_id", "created_by_id",
)  # fmt: skip


def _text(value: object) -> str:
    """A value as PostgreSQL's COPY text format reads it."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _column(model: type[Payout] | type[LedgerEntry], attname: str) -> str:
    found = model._meta.get_field(attname)
    assert isinstance(found, models.Field), attname
    return str(found.column)


def _write(model: type[Payout] | type[LedgerEntry], columns: Sequence[str], rows: Any) -> None:
    if not rows:
        return
    names = [_column(model, c) for c in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = "".join("\t".join(map(_text, row)) + "\n" for row in rows)
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                copy.write(text)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def ledger_rows_insert(
    *, payouts: Sequence[Sequence[Any]], entries: Sequence[Sequence[Any]]
) -> None:
    """Write payouts, then entries, and add the entries to the month totals.

    Rows are tuples in PAYOUT_COLUMNS and ENTRY_COLUMNS order, with values as COPY reads
    them: ids as 32 hex digits or UUIDs, amounts as '12.50' or Decimal, dates as
    'YYYY-MM-DD' or date, created_at as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC). A reversal
    finds the kind of the entry it reverses in the same call or, failing that, in the
    database. One transaction: all the rows and their totals, or none.
    """
    for row in (*payouts, *entries):
        if len(row) not in (len(PAYOUT_COLUMNS), len(ENTRY_COLUMNS)):
            raise ValueError(f"a row of {len(row)} values: see PAYOUT_COLUMNS, ENTRY_COLUMNS")
    at = {name: i for i, name in enumerate(ENTRY_COLUMNS)}
    kinds = {uuid.UUID(str(row[at["id"]])): str(row[at["kind"]]) for row in entries}
    missing = {
        uuid.UUID(str(row[at["reverses_id"]]))
        for row in entries
        if row[at["reverses_id"]] and uuid.UUID(str(row[at["reverses_id"]])) not in kinds
    }
    with transaction.atomic():
        if missing:
            kinds.update(LedgerEntry.objects.filter(id__in=missing).values_list("id", "kind"))
        _write(Payout, PAYOUT_COLUMNS, payouts)
        _write(LedgerEntry, ENTRY_COLUMNS, entries)
        months: dict[Key, tuple[Any, Sums]] = {}
        for row in entries:
            reverses = row[at["reverses_id"]]
            key = (
                uuid.UUID(str(row[at["member_id"]])),
                str(row[at["currency"]]),
                month_of(_day(row[at["entry_date"]])),
            )
            _group, sums = months.setdefault(key, (row[at["group_id"]], Sums()))
            sums.add(
                to_cents(Decimal(str(row[at["amount"]]))),
                str(row[at["kind"]]),
                kinds[uuid.UUID(str(reverses))] if reverses else None,
            )
        totals_add((group_id, key, sums) for key, (group_id, sums) in months.items())


def month_totals_rebuild(*, group_ids: Sequence[Any]) -> None:
    """Sum these groups' month totals again from their entries (after rows were loaded
    some other way, e.g. with the foreign-key triggers off). One transaction."""
    with transaction.atomic():
        totals_rebuild(group_ids)
