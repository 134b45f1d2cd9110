"""The database refuses to change or delete ledger entries and payouts.

Guarded (see minka/lib/appendonly.py):
- ledger_ledgerentry: no UPDATE, no DELETE (nor TRUNCATE) of any entry; a mistake is
  corrected by a reversing entry (services.entry_reverse).
- ledger_payout: no DELETE; an UPDATE may not change what the receipt says (its number,
  member, group, amount, currency, date, method, advance or not, who paid, id, site,
  time). Later columns (the form's request today) may be filled in.

Not guarded: ledger_monthtotal (a cache of sums that entry_add updates, and check-ledger
can rebuild) and ledger_payoutrequest (form tokens).
"""

from django.db import migrations

from minka.lib.appendonly import Guard, guard_tables

GUARDS = [
    Guard("ledger_ledgerentry"),
    Guard(
        "ledger_payout",
        frozen=(
            "id", "site", "created_at", "group_id", "member_id", "number", "amount",
            "currency", "paid_on", "method", "is_advance", "paid_by_id",
        ),  # fmt: skip
        why="a payout is what the signed receipt says: reverse its ledger entry",
    ),
]


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_month_totals_and_payout_requests")]

    operations = [guard_tables(*GUARDS)]
