"""The month totals (models.MonthTotal): kept by entry_add, rebuilt by the bulk loader,
checked by `minka check-ledger`. Only the ledger app writes them, only through here."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from minka.ledger.models import EntryKind, LedgerEntry, MonthTotal
from minka.lib.money import cents

_EARNED = {EntryKind.EARNING.value, EntryKind.SALE_SHARE.value}
_PAID = {EntryKind.PAYOUT.value, EntryKind.ADVANCE.value}

Key = tuple[uuid.UUID, str, date]  # member id, currency, first day of the month


@dataclass
class Sums:
    amount: int = 0  # cents
    earned: int = 0
    received: int = 0
    shares: int = 0
    entries: int = 0

    def add(self, amount_cents: int, kind: str, reversed_kind: str | None, n: int = 1) -> None:
        counted_as = reversed_kind if kind == EntryKind.REVERSAL else kind
        self.amount += amount_cents
        self.earned += amount_cents if counted_as in _EARNED else 0
        self.received += amount_cents if counted_as in _PAID else 0
        self.shares += amount_cents if counted_as == EntryKind.SALE_SHARE else 0
        self.entries += n


def to_cents(amount: Decimal | str | float) -> int:
    return int(cents(Decimal(str(amount))) * 100)


def month_of(day: date) -> date:
    return day.replace(day=1)


_UPSERT = """
INSERT INTO ledger_monthtotal
    (group_id, member_id, currency, month, amount_cents, earned_cents, received_cents,
     shares_cents, entries)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (member_id, currency, month) DO UPDATE SET
    amount_cents = ledger_monthtotal.amount_cents + excluded.amount_cents,
    earned_cents = ledger_monthtotal.earned_cents + excluded.earned_cents,
    received_cents = ledger_monthtotal.received_cents + excluded.received_cents,
    shares_cents = ledger_monthtotal.shares_cents + excluded.shares_cents,
    entries = ledger_monthtotal.entries + excluded.entries
"""


def _params(group_id: Any, key: Key, sums: Sums) -> tuple[Any, ...]:
    """The row as the database wants it (a UUID is 32 hex digits on SQLite)."""
    fk = MonthTotal._meta.get_field("member")
    day = MonthTotal._meta.get_field("month")
    member_id, currency, month = key
    return (
        fk.get_db_prep_value(uuid.UUID(str(group_id)), connection),
        fk.get_db_prep_value(uuid.UUID(str(member_id)), connection),
        currency,
        day.get_db_prep_value(month, connection),
        sums.amount,
        sums.earned,
        sums.received,
        sums.shares,
        sums.entries,
    )


def totals_add(rows: Iterable[tuple[Any, Key, Sums]]) -> None:
    """Add (group id, key, sums) to the month totals, inserting a month not seen yet.

    One statement per row, INSERT ... ON CONFLICT DO UPDATE (SQLite 3.24+, PostgreSQL):
    the increment is done by the database under the row's lock, so two transactions
    adding to the same month at once both count, and neither fails on the insert."""
    params = [_params(group_id, key, sums) for group_id, key, sums in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT, params)


def entry_counted(entry: LedgerEntry) -> None:
    """Add one new entry to her month; entry_add calls it in the entry's transaction."""
    sums = Sums()
    reversed_kind = entry.reverses.kind if entry.reverses is not None else None
    sums.add(to_cents(entry.amount), entry.kind, reversed_kind)
    key = (entry.member_id, entry.currency, month_of(entry.entry_date))
    totals_add([(entry.group_id, key, sums)])


def expected_totals(entries: Any = None) -> dict[Key, tuple[Any, Sums]]:
    """The month totals the ledger says there should be: {key: (group id, sums)}.

    `entries`: a LedgerEntry queryset (a historical model's in a migration); all by
    default. Summed by the database, grouped by member, currency, month and kind."""
    if entries is None:
        entries = LedgerEntry.objects.all()
    rows = (
        entries.annotate(month=TruncMonth("entry_date"))
        .values("group_id", "member_id", "currency", "month", "kind", "reverses__kind")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    found: dict[Key, tuple[Any, Sums]] = {}
    for r in rows.iterator(chunk_size=5000):
        key = (r["member_id"], r["currency"], r["month"])
        _group, sums = found.setdefault(key, (r["group_id"], Sums()))
        sums.add(to_cents(r["total"]), r["kind"], r["reverses__kind"], r["n"])
    return found


def stored_totals(months: Any = None) -> dict[Key, Sums]:
    if months is None:
        months = MonthTotal.objects.all()
    return {
        (m.member_id, m.currency, m.month): Sums(
            m.amount_cents, m.earned_cents, m.received_cents, m.shares_cents, m.entries
        )
        for m in months.iterator(chunk_size=5000)
    }


@dataclass(frozen=True)
class Drift:
    key: Key
    expected: Sums
    stored: Sums


def drift(group_ids: Iterable[Any]) -> list[Drift]:
    """Months of these groups' members whose stored total differs from the ledger."""
    found: list[Drift] = []
    for group_id in group_ids:
        expected = expected_totals(LedgerEntry.objects.filter(group_id=group_id))
        stored = stored_totals(MonthTotal.objects.filter(group_id=group_id))
        for key in sorted(set(expected) | set(stored), key=str):
            want = expected[key][1] if key in expected else Sums()
            have = stored.get(key, Sums())
            if want != have:
                found.append(Drift(key, want, have))
    return found


def totals_rebuild(group_ids: Iterable[Any]) -> None:
    """Throw these groups' month totals away and sum them again from the ledger."""
    for group_id in group_ids:
        MonthTotal.objects.filter(group_id=group_id).delete()
        expected = expected_totals(LedgerEntry.objects.filter(group_id=group_id))
        totals_add((g, key, sums) for key, (g, sums) in expected.items())


def entries_counted(entry_ids: Iterable[Any]) -> None:
    """Add entries just inserted in bulk (a peer's bundle, applied by minka.sync) to
    their months: the same sums as entry_counted, by the database, a chunk at a time."""
    ids = list(entry_ids)
    for at in range(0, len(ids), 2000):
        expected = expected_totals(LedgerEntry.objects.filter(pk__in=ids[at : at + 2000]))
        totals_add((g, key, sums) for key, (g, sums) in expected.items())
