"""The group fund: its share of each sale comes in with the sale; here, money spent
from it and corrections of a mistaken entry."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from minka.cash.models import CashEntry, CashMethod, Direction
from minka.cash.services import cash_entry_add
from minka.lib.money import cents, format_money
from minka.members.models import Group
from minka.sales.models import ExpenseCategory, FundEntry, FundKind
from minka.sales.selectors import fund_balance
from minka.sales.services.base import lock_group, record_text, refuse_future

FUND_SOURCE = "sales.fundentry"


def fund_expense(
    *,
    group: Group,
    amount: Decimal,
    category: str,
    description: str,
    on: date,
    by: User,
    method: str = CashMethod.CASH,
) -> FundEntry:
    """Money spent from the group fund. More than the fund holds is refused. The money
    leaves the cash book in the same transaction."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    if category not in ExpenseCategory.values:
        raise ValidationError(_("Elija la categoría del gasto."))
    description = description.strip()
    if not description:
        raise ValidationError(_("Escriba en qué se gastó."))
    refuse_future(on)
    with transaction.atomic():
        lock_group(group)
        balance = fund_balance(group)
        if amount > balance:
            raise ValidationError(
                _("El fondo tiene %(balance)s; no alcanza para %(amount)s.")
                % {"balance": format_money(balance), "amount": format_money(amount)}
            )
        entry = FundEntry.objects.create(
            group=group,
            kind=FundKind.EXPENSE,
            category=category,
            amount=-amount,
            entry_date=on,
            description=description[:200],
            by=by,
        )
        cash_entry_add(
            group=group,
            direction=Direction.OUT,
            method=method,
            amount=amount,
            on=on,
            description=record_text(gettext_noop("Gasto del fondo: %(what)s"), what=description)[
                :200
            ],
            source_type=FUND_SOURCE,
            source_id=entry.id,
            by=by,
        )
        return entry


def fund_income(
    *, group: Group, amount: Decimal, description: str, on: date, by: User
) -> FundEntry:
    """Money into the group fund from outside sales (the group's share of a visit)."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    description = description.strip()
    if not description:
        raise ValidationError(_("Escriba de dónde viene el ingreso."))
    refuse_future(on)
    with transaction.atomic():
        return FundEntry.objects.create(
            group=group,
            kind=FundKind.INCOME,
            amount=amount,
            entry_date=on,
            description=description[:200],
            by=by,
        )


def fund_entry_reverse(*, entry: FundEntry, reason: str, on: date, by: User) -> FundEntry:
    """Cancel a mistaken expense or income with an opposite entry, once. A sale's share
    is not corrected here: it belongs to the sale."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Escriba el motivo de la corrección."))
    refuse_future(on)
    with transaction.atomic():
        lock_group(entry.group)
        entry = FundEntry.objects.get(pk=entry.pk)
        if entry.kind not in {FundKind.EXPENSE, FundKind.INCOME}:
            raise ValidationError(_("Solo se corrigen gastos y otros ingresos."))
        if FundEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(_("Este movimiento ya fue corregido."))
        if entry.kind == FundKind.EXPENSE:
            # The spending was a mistake: the money is back in the box (see its entry).
            spent = CashEntry.objects.filter(source_type=FUND_SOURCE, source_id=entry.id).first()
            if spent is not None:
                cash_entry_add(
                    group=entry.group,
                    direction=Direction.IN,
                    method=spent.method,
                    amount=spent.amount,
                    on=on,
                    description=record_text(
                        gettext_noop("Corrige: %(what)s — %(why)s"),
                        what=spent.description,
                        why=reason,
                    )[:200],
                    source_type=FUND_SOURCE,
                    source_id=entry.id,
                    by=by,
                )
        return FundEntry.objects.create(
            group_id=entry.group_id,
            kind=FundKind.CORRECTION,
            category=entry.category,
            amount=-entry.amount,
            entry_date=on,
            description=record_text(
                gettext_noop("Corrige: %(what)s — %(why)s"), what=entry.description, why=reason
            )[:200],
            reverses=entry,
            by=by,
        )
