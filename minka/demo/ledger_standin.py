"""A stand-in for minka.ledger.bulk, used only while that module is not on this branch.

TODO(merge): delete this file once minka/ledger/bulk.py (branch `ledger`) is merged;
ledger_rows.py then imports the real `ledger_rows_insert`, which also keeps the month
totals. Same columns and signature as the real one, so nothing else changes.
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from minka.demo.bulkwrite import write_rows
from minka.ledger.models import LedgerEntry, Payout

PAYOUT_COLUMNS = (
    "id", "site", "created_at", "group_id", "member_id", "number", "amount", "currency",
    "paid_on", "method", "is_advance", "paid_by_id",
)  # fmt: skip
ENTRY_COLUMNS = (
    "id", "site", "created_at", "group_id", "member_id", "kind", "amount", "currency",
    "entry_date", "description", "quantity", "unit_amount", "reverses_id", "payout_id",
    "source_type", "source_id", "created_by_id",
)  # fmt: skip


def ledger_rows_insert(
    *, payouts: Sequence[Sequence[Any]], entries: Sequence[Sequence[Any]]
) -> None:
    with transaction.atomic():
        write_rows(Payout, PAYOUT_COLUMNS, payouts)
        write_rows(LedgerEntry, ENTRY_COLUMNS, entries)
