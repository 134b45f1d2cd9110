"""Ledger rows for the generator's bulk load, shaped as the ledger's door shapes them,
and written through the ledger's bulk door, `minka.ledger.bulk.ledger_rows_insert`
(which also keeps the month totals that balances and `minka check-ledger` read).

`earning_row` takes the amount as the ledger's `earning_add` does (pieces times the rate,
to the cent, nothing for zero); the rate comes from the design's own rule,
`Product.rate_for` (gen_work.py).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from minka.ledger.bulk import ENTRY_COLUMNS, PAYOUT_COLUMNS, ledger_rows_insert
from minka.ledger.models import EntryKind
from minka.lib.money import cents

__all__ = ["ENTRY_COLUMNS", "PAYOUT_COLUMNS", "earning_row", "entry_row", "ledger_rows_insert"]

# A ledger entry as a row, in ENTRY_COLUMNS order.
Row = tuple[Any, ...]
AMOUNT = ENTRY_COLUMNS.index("amount")


def entry_row(
    *,
    head: tuple[str, str, str],
    group_id: str,
    member_id: str,
    kind: str,
    amount: Decimal,
    entry_date: date,
    description: str,
    quantity: int | None = None,
    unit_amount: Decimal | None = None,
    reverses_id: str | None = None,
    payout_id: str | None = None,
    source_type: str = "",
    source_id: str | None = None,
    by_id: int | None = None,
) -> Row:
    """One ledger entry as a row; `head` is (id, site, created_at)."""
    if kind not in EntryKind.values:
        raise ValueError(f"unknown entry kind {kind!r}")
    amount = cents(amount)
    if amount == 0:
        raise ValueError("a zero entry is not written")
    return (
        *head, group_id, member_id, kind, str(amount), "PEN", entry_date.isoformat(),
        description[:200], quantity, None if unit_amount is None else str(unit_amount),
        reverses_id, payout_id, source_type, source_id, by_id,
    )  # fmt: skip


def earning_row(
    *,
    head: tuple[str, str, str],
    group_id: str,
    member_id: str,
    quantity: int,
    unit_amount: Decimal,
    entry_date: date,
    description: str,
    source_type: str,
    source_id: str,
    by_id: int,
) -> Row | None:
    """Credit for pieces, or None when they earn nothing (as `earning_add` writes none)."""
    if quantity < 0 or unit_amount < 0:
        raise ValueError("pieces and rate cannot be negative")
    amount = cents(unit_amount * quantity)
    if amount == 0:
        return None
    return entry_row(
        head=head,
        group_id=group_id,
        member_id=member_id,
        kind=EntryKind.EARNING,
        amount=amount,
        entry_date=entry_date,
        description=description,
        quantity=quantity,
        unit_amount=unit_amount,
        source_type=source_type,
        source_id=source_id,
        by_id=by_id,
    )
