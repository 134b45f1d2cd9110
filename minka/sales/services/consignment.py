"""Consignment: what a partner store reports it sold or gives back, and the settlement
of its sales (what it owes the group: the sales less its commission)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from minka.cash.models import CashMethod, Direction
from minka.cash.services import cash_entry_add
from minka.lib.money import cents, format_money
from minka.members.models import Sequence as NumberSequence
from minka.sales.models import Location, Sale, Settlement, StockMove, StorePayment
from minka.sales.selectors import Item, settlement_due, store_account
from minka.sales.services.base import lock_group, record_text, refuse_future
from minka.sales.services.sale import STORE_METHOD, sale_record
from minka.sales.services.stock import stock_check, stock_move


def store_report(
    *,
    store: Location,
    sold: Sequence[Item],
    returned: Sequence[Item],
    back_to: Location | None,
    on: date,
    by: User,
) -> tuple[Sale | None, list[StockMove]]:
    """What a partner store reports: pieces sold (at list price) and pieces returned."""
    if not store.is_store:
        raise ValidationError(_("Ese lugar no es una tienda aliada."))
    if not sold and not returned:
        raise ValidationError(_("Indique qué piezas vendió o devolvió la tienda."))
    with transaction.atomic():
        lock_group(store.group)
        # Check the two together: a piece cannot be both sold and returned.
        stock_check(store, [*sold, *returned])
        sale = (
            sale_record(location=store, items=sold, method=STORE_METHOD, on=on, by=by)
            if sold
            else None
        )
        moves: list[StockMove] = []
        if returned:
            if back_to is None:
                raise ValidationError(_("Elija a dónde vuelven las piezas devueltas."))
            moves = stock_move(source=store, target=back_to, items=returned, on=on, by=by)
    return sale, moves


def settlement_make(*, store: Location, start: date, end: date, by: User) -> Settlement:
    """Settle a store's unsettled sales of a period. Each sale is settled once: a second
    settlement of the same period takes only sales reported since the first, and is
    refused when there are none. What the store owes is gross less its commission."""
    if not store.is_store:
        raise ValidationError(_("Ese lugar no es una tienda aliada."))
    if start > end:
        raise ValidationError(_("La fecha «desde» va antes de «hasta»."))
    refuse_future(end)
    with transaction.atomic():
        lock_group(store.group)
        account = store_account(store, start, end, unsettled=True)
        if not account.sales:
            if store_account(store, start, end, unsettled=False).sales:
                raise ValidationError(
                    _("Las ventas de esta tienda en ese periodo ya fueron liquidadas.")
                )
            raise ValidationError(_("No hay ventas de esta tienda entre esas fechas."))
        settlement = Settlement.objects.create(
            group_id=store.group_id,
            store=store,
            number=NumberSequence.next_number(store.group, "settlement", "L"),
            period_start=start,
            period_end=end,
            gross=account.gross,
            commission=account.commission,
            owed_to_group=account.owed_to_group,
            settled_by=by,
        )
        Sale.objects.filter(
            pk__in=[s.pk for s in account.sales], settlement__isnull=True
        ).tracked_update(settlement=settlement)
    return settlement


def settlement_paid(
    *, settlement: Settlement, amount: Decimal, method: str, on: date, by: User
) -> StorePayment:
    """The store paid the group what the settlement says it owes, or a part of it. More
    than is still due is refused. The money goes into the cash book, by its method."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    if method not in CashMethod.values:
        raise ValidationError(_("Elija la forma de pago."))
    refuse_future(on)
    with transaction.atomic():
        lock_group(settlement.group)
        if on < settlement.period_end:
            raise ValidationError(_("El pago no puede ser anterior al fin del periodo liquidado."))
        due = settlement_due(settlement)
        if amount > due:
            raise ValidationError(
                _("La tienda solo debe %(due)s de esta liquidación.") % {"due": format_money(due)}
            )
        payment = StorePayment.objects.create(
            group_id=settlement.group_id,
            settlement=settlement,
            amount=amount,
            method=method,
            paid_on=on,
            by=by,
        )
        cash_entry_add(
            group=settlement.group,
            direction=Direction.IN,
            method=method,
            amount=amount,
            on=on,
            description=record_text(
                gettext_noop("Pago de %(store)s, liquidación %(n)s"),
                store=settlement.store.name,
                n=settlement.number,
            )[:200],
            source_type="sales.storepayment",
            source_id=payment.id,
            by=by,
        )
    return payment
