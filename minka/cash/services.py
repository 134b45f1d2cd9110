"""Writes to the cash book, and the reads of it that pages share.

`cash_entry_add` is the one door to the cash book: every app that takes money in or
hands it out calls it in the same transaction as its own write: payouts and advances
(ledger), quick sales, a cancelled sale's refund, a store's payment and the fund's
spending (sales), visits (tourism). `cash_count_record` records a count at closing."""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Sum, When
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from minka.cash.models import CashCount, CashEntry, CashMethod, Direction
from minka.lib.i18n import record_language
from minka.lib.money import CURRENCIES, cents
from minka.members.models import Group

COUNT_SOURCE = "cash.count"
HAND_SOURCE = "cash.hand"  # money in or out entered by hand on the cash page, with its reason


def cash_entry_add(
    *,
    group: Group,
    direction: str,
    method: str,
    amount: Decimal,
    on: date,
    description: str,
    by: User,
    currency: str = "PEN",
    source_type: str = "",
    source_id: uuid.UUID | None = None,
) -> CashEntry:
    """Record money that came into or went out of the group's hands."""
    if direction not in Direction.values:
        raise ValidationError(_("Diga si el dinero entra o sale."))
    if method not in CashMethod.values:
        raise ValidationError(_("Elija la forma de pago."))
    if currency not in dict(CURRENCIES):
        raise ValidationError(_("Moneda desconocida."))
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    description = description.strip()
    if not description:
        raise ValidationError(_("Escriba el detalle del movimiento."))
    with transaction.atomic():
        return CashEntry.objects.create(
            group=group,
            direction=direction,
            method=method,
            amount=amount,
            currency=currency,
            entry_date=on,
            description=description[:200],
            source_type=source_type,
            source_id=source_id,
            by=by,
        )


def cash_balance(group: Group, currency: str = "PEN", method: str | None = None) -> Decimal:
    entries = CashEntry.objects.filter(group=group, currency=currency)
    if method is not None:
        entries = entries.filter(method=method)
    return entries.balance()


@dataclass(frozen=True)
class BookLine:
    entry: CashEntry
    balance: Decimal  # the running balance after this entry


@dataclass(frozen=True)
class CashBook:
    currency: str
    start: date
    opening: Decimal  # the balance before `start`
    lines: list[BookLine]
    by_method: list[tuple[str, Decimal]]  # the balance held in each method, all time

    @property
    def closing(self) -> Decimal:
        return self.lines[-1].balance if self.lines else self.opening


def cash_book(group: Group, *, start: date, currency: str = "PEN") -> CashBook:
    """The entries from `start` on with their running balance: three queries."""
    entries = CashEntry.objects.filter(group=group, currency=currency)
    opening = entries.filter(entry_date__lt=start).balance()
    running = opening
    lines = []
    for entry in entries.filter(entry_date__gte=start).select_related("by"):
        running += entry.signed_amount
        lines.append(BookLine(entry=entry, balance=running))
    signed = Case(When(direction=Direction.OUT, then=-F("amount")), default=F("amount"))
    held = {
        row["method"]: cents(Decimal(row["total"]))
        for row in entries.order_by().values("method").annotate(total=Sum(signed))
    }
    labels = dict(CashMethod.choices)
    by_method = [(str(labels[m]), held[m]) for m in CashMethod.values if held.get(m)]
    return CashBook(currency, start, opening, lines, by_method)


HAND_TEXT = {
    "buyer": gettext_noop("Pago de un cliente: %(why)s"),
    "in": gettext_noop("Ingreso: %(why)s"),
    "out": gettext_noop("Gasto: %(why)s"),
}


def cash_hand_entry(
    *,
    group: Group,
    kind: str,
    amount: Decimal,
    method: str,
    on: date,
    reason: str,
    by: User,
) -> CashEntry:
    """Money in or out entered by hand by the treasurer, with its reason: a buyer's
    payment for an order, another income or expense."""
    if kind not in HAND_TEXT:
        raise ValidationError(_("Elija un movimiento de la lista."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Escriba el motivo del movimiento."))
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))
    with record_language():
        description = gettext(HAND_TEXT[kind]) % {"why": reason}
    return cash_entry_add(
        group=group,
        direction=Direction.OUT if kind == "out" else Direction.IN,
        method=method,
        amount=amount,
        on=on,
        description=description,
        source_type=HAND_SOURCE,
        by=by,
    )


def cash_count_record(
    *,
    group: Group,
    counted: Decimal,
    on: date,
    by: User,
    note: str = "",
    method: str = CashMethod.CASH,
    currency: str = "PEN",
) -> CashCount:
    """Record what was counted in the box against what the book says. A difference is
    recorded on the count and as an entry of that amount (a surplus in, a shortfall out),
    so the book then agrees with the money in hand; nothing is ever edited."""
    if method not in CashMethod.values:
        raise ValidationError(_("Elija la forma de pago."))
    counted = cents(counted)
    if counted < 0:
        raise ValidationError(_("Lo contado no puede ser negativo."))
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        expected = cash_balance(group, currency, method)
        difference = counted - expected
        adjustment = None
        if difference != 0:
            with record_language():
                what = gettext(
                    gettext_noop("Sobrante del arqueo")
                    if difference > 0
                    else gettext_noop("Faltante del arqueo")
                )
            if note.strip():
                what = f"{what}: {note.strip()}"
            adjustment = cash_entry_add(
                group=group,
                direction=Direction.IN if difference > 0 else Direction.OUT,
                method=method,
                amount=abs(difference),
                currency=currency,
                on=on,
                description=what,
                source_type=COUNT_SOURCE,
                by=by,
            )
        return CashCount.objects.create(
            group=group,
            counted_on=on,
            currency=currency,
            method=method,
            expected=expected,
            counted=counted,
            difference=difference,
            note=note.strip()[:200],
            adjustment=adjustment,
            by=by,
        )


def cash_counts(group: Group, limit: int = 10) -> list[CashCount]:
    return list(CashCount.objects.filter(group=group).select_related("by")[:limit])
