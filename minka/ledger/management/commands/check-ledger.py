"""`minka check-ledger`: the month totals against the SUM over the ledger itself.

Balances are read from the month totals (ledger.MonthTotal), which entry_add keeps in
the same transaction as each entry. This adds up every entry again, group by group,
and names each member and month whose stored total differs: exit code 0 when none does,
1 when any does (for a cron job or a monitoring check to catch).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minka.ledger.selectors import from_cents
from minka.ledger.totals import drift
from minka.members.models import Group, Member


class Command(BaseCommand):
    help = (
        "Compara los totales por mes de cada socia con la suma de su cuenta y avisa de "
        "cualquier diferencia (código de salida 1 si hay alguna)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", help="Solo el grupo con este código.")

    def handle(self, *args: Any, **options: Any) -> None:
        groups = Group.objects.order_by("code")
        if options["group"]:
            groups = groups.filter(code=options["group"])
        ids = list(groups.values_list("id", flat=True))
        found = drift(ids)
        names = dict(
            Member.objects.filter(id__in={d.key[0] for d in found}).values_list("id", "first_name")
        )
        for d in found:
            member_id, currency, month = d.key
            self.stdout.write(
                f"DIFERENCIA {names.get(member_id, member_id)} ({member_id}) {month:%Y-%m} "
                f"{currency}: cuenta {from_cents(d.expected.amount)} "
                f"({d.expected.entries} movimientos), total guardado "
                f"{from_cents(d.stored.amount)} ({d.stored.entries})"
                + (
                    ""
                    if (d.expected.earned, d.expected.received, d.expected.shares)
                    == (d.stored.earned, d.stored.received, d.stored.shares)
                    else " [ganado, recibido o ventas distinto]"
                )
            )
        self.stdout.write(
            f"{len(ids)} grupo(s) revisado(s): "
            + (f"{len(found)} mes(es) con diferencia." if found else "sin diferencias.")
        )
        if found:
            raise SystemExit(1)
