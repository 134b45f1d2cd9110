"""The generator's plumbing: rows buffered per table and written in bulk (COPY on
PostgreSQL, executemany on SQLite), parents first, the ledger's rows through the
ledger's bulk door last, with deterministic ids and times."""

import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction

from minka.demo.bulkwrite import pg_text, write_rows
from minka.demo.ledger_rows import ENTRY_COLUMNS, PAYOUT_COLUMNS, ledger_rows_insert
from minka.members.models import (
    Group,
    GroupRole,
    Member,
    OrganisationStaff,
    Skill,
)
from minka.members.models import Sequence as NumberSequence
from minka.production.models import (
    Allocation,
    Buyer,
    Delivery,
    Material,
    MaterialMove,
    Order,
    OrderLine,
    Product,
    ProductMaterial,
    QualityCheck,
)


@dataclass(frozen=True)
class Scale:
    groups: int
    members: int  # per group
    months: int
    # Every how many groups one also gets a life through the services (trainings,
    # meetings and fines, sales): all of them at small scales, a sample in a federation,
    # where going through the services for each of a thousand groups would take hours.
    community_every: int = 1


# --- writing rows in bulk ---------------------------------------------------------------------

# Parents before children, so each flush satisfies the foreign keys as it goes.
TABLES: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (Group, ("id", "site", "created_at", "organisation_id", "name", "code", "place")),
    (
        Member,
        (
            "id", "site", "created_at", "group_id", "number", "first_name", "last_name",
            "community", "languages", "joined_on", "status", "left_on", "phone", "photo",
            "hours_per_week",
        ),
    ),
    (Skill, ("id", "site", "created_at", "member_id", "technique_id", "level")),
    (GroupRole, ("id", "site", "created_at", "user_id", "group_id", "role", "member_id")),
    (OrganisationStaff, ("id", "site", "created_at", "user_id", "organisation_id")),
    (NumberSequence, ("group_id", "name", "last")),
    (Material, ("id", "site", "created_at", "group_id", "name", "colour")),
    (
        Product,
        (
            "id", "site", "created_at", "group_id", "code", "name", "technique_id", "min_level",
            "standard_minutes", "rate_a", "rate_b", "wholesale_price", "wholesale_currency",
            "retail_price",
        ),
    ),
    (ProductMaterial, ("id", "site", "created_at", "product_id", "material_id", "grams")),
    (Buyer, ("id", "site", "created_at", "group_id", "name", "country", "email")),
    (
        Order,
        (
            "id", "site", "created_at", "group_id", "buyer_id", "number", "status", "currency",
            "exchange_rate", "ordered_on", "deadline", "notes", "created_by_id",
        ),
    ),
    (
        OrderLine,
        ("id", "site", "created_at", "order_id", "product_id", "quantity", "unit_price"),
    ),
    (
        Allocation,
        ("id", "site", "created_at", "line_id", "member_id", "quantity", "reason",
         "confirmed_by_id"),
    ),
    (
        MaterialMove,
        (
            "id", "site", "created_at", "group_id", "member_id", "material_id", "kind", "grams",
            "moved_on", "allocation_id", "recorded_by_id",
        ),
    ),
    (
        Delivery,
        ("id", "site", "created_at", "allocation_id", "received_on", "quantity",
         "recorded_by_id"),
    ),
    (QualityCheck, ("id", "site", "created_at", "delivery_id", "grade", "quantity", "defect")),
]  # fmt: skip


# Columns holding ids of rows the generator did not write itself.
EXTERNAL = {
    "user_id", "organisation_id", "technique_id", "created_by_id", "confirmed_by_id",
    "recorded_by_id", "paid_by_id",
}  # fmt: skip


class Sink:
    """Buffers rows per table and writes them all, parents first, every `batch` rows."""

    def __init__(self, batch: int, say: Callable[[str], None], total_groups: int) -> None:
        self.batch = batch
        self.say = say
        self.total_groups = total_groups
        self.rows: dict[type[models.Model], list[tuple[Any, ...]]] = {m: [] for m, _c in TABLES}
        self.counts: dict[str, int] = {m._meta.label: 0 for m, _c in TABLES}
        self.counts.update({"ledger.Payout": 0, "ledger.LedgerEntry": 0})
        self.payouts: list[tuple[Any, ...]] = []
        self.entries: list[tuple[Any, ...]] = []
        self.pending = 0
        self.digest = hashlib.sha256()
        self.started = time.perf_counter()
        self.groups_done = 0

    def add(self, model: type[models.Model], row: tuple[Any, ...]) -> None:
        self.rows[model].append(row)
        self.pending += 1

    def group_done(self) -> None:
        self.groups_done += 1
        if self.pending >= self.batch:
            self.flush()

    def add_payout(self, row: tuple[Any, ...]) -> None:
        self.payouts.append(row)
        self.pending += 1

    def add_entry(self, row: tuple[Any, ...]) -> None:
        self.entries.append(row)
        self.pending += 1

    def _digest(self, table: str, attnames: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        self.digest.update(table.encode())
        external = [i for i, a in enumerate(attnames) if a in EXTERNAL]
        for row in rows:
            # Users, the organisation and techniques were not made here: their ids depend
            # on the database, so the digest leaves them out.
            masked = list(row)
            for i in external:
                masked[i] = "*"
            line = "\t".join(map(pg_text, masked))
            self.digest.update((line if external else line + "\n").encode())

    def flush(self) -> None:
        if not self.pending:
            return
        with transaction.atomic():
            for model, attnames in TABLES:
                rows = self.rows[model]
                if not rows:
                    continue
                self._digest(model._meta.db_table, attnames, rows)
                write_rows(model, attnames, rows)
                self.counts[model._meta.label] += len(rows)
                rows.clear()
            # Money goes in through the ledger's own bulk door (it keeps the month totals).
            if self.payouts:
                self._digest("ledger_payout", PAYOUT_COLUMNS, self.payouts)
            if self.entries:
                self._digest("ledger_ledgerentry", ENTRY_COLUMNS, self.entries)
            ledger_rows_insert(payouts=self.payouts, entries=self.entries)
            self.counts["ledger.Payout"] += len(self.payouts)
            self.counts["ledger.LedgerEntry"] += len(self.entries)
            self.payouts.clear()
            self.entries.clear()
        self.pending = 0
        elapsed = time.perf_counter() - self.started
        total = sum(self.counts.values())
        self.say(
            f"{self.groups_done}/{self.total_groups} grupos, {total:,} filas "
            f"({self.counts['ledger.LedgerEntry']:,} del libro de cuentas), "
            f"{elapsed:.0f} s, {total / max(elapsed, 1e-9):,.0f} filas/s"
        )


# --- ids, times and money ---------------------------------------------------------------------

_EPOCH = date(1970, 1, 1).toordinal()


class Clock:
    """Deterministic uuid7-like ids and created_at stamps for one group's records.

    A record made on day `d` at hour `h` gets that time plus a per-group tick (in
    microseconds) that keeps the group's records in the order they were written.
    """

    def __init__(self, rng: random.Random, site: str) -> None:
        self.rng = rng
        self.site = site
        self.tick = 0

    def head(self, day: date, hour: int) -> tuple[str, str, str]:
        """(id, site, created_at): the first three columns of every Minka record."""
        uid, made = self.stamp(day, hour)
        return uid, self.site, made

    def stamp(self, day: date, hour: int) -> tuple[str, str]:
        """(id as 32 hex digits, created_at as 'YYYY-MM-DD HH:MM:SS.ffffff' UTC)."""
        self.tick += 1
        micro = (hour * 3600 + 60) * 1_000_000 + self.tick * 7
        ms = (day.toordinal() - _EPOCH) * 86_400_000 + micro // 1000
        bits = self.rng.getrandbits(74)
        value = (ms << 80) | (0x7 << 76) | ((bits >> 62) << 64) | (0b10 << 62)
        value |= bits & ((1 << 62) - 1)
        secs, us = divmod(micro, 1_000_000)
        hh, rest = divmod(secs, 3600)
        mm, ss = divmod(rest, 60)
        return f"{value:032x}", f"{day.isoformat()} {hh:02d}:{mm:02d}:{ss:02d}.{us:06d}"


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def add_months(month: date, n: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return date(year, index + 1, 1)


def group_code(index: int) -> str:
    """G + three letters: GAAA, GAAB, ... (17,576 groups)."""
    letters = ""
    for _i in range(3):
        index, r = divmod(index, 26)
        letters = chr(65 + r) + letters
    return "G" + letters
