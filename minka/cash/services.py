"""Writes to the cash book, and the reads of it that pages share.

`cash_entry_add` is the one door to the cash book: every app that takes money in or
hands it out (visits today; sales, payouts and the fund in issue 16) calls it."""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Sum, When
from django.utils.translation import gettext as _

from minka.cash.models import CashEntry, CashMethod, Direction
from minka.lib.money import CURRENCIES, cents
from minka.members.models import Group


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
