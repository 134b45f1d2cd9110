"""Selling pieces from a place, and cancelling a sale made by mistake.

How a sale's money is split (the rule, stated once):
1. If the seller typed one total for several pieces (a fair discount), the total is
   shared among the lines in proportion to their list prices with `split_exact`: each
   line gets its share rounded down to the cent, and the cents left over go one each to
   the lines with the largest remainders, earlier lines first on ties.
2. For each line: the store's commission is its percentage of the line, rounded DOWN to
   the cent; the maker's share is the group's percentage of what is left, rounded DOWN
   to the cent (or the fixed amount per piece, never more than what is left; nothing
   for a piece already paid at a piece rate unless the group's rule says so).
3. The group fund gets the rest of the line. So every cent lost by rounding a
   percentage goes to the fund, and commission + maker + fund = line total, always.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from minka.cash.models import CashMethod, Direction
from minka.cash.services import cash_entry_add
from minka.ledger.models import EntryKind, LedgerEntry, PayMethod
from minka.ledger.selectors import member_balance
from minka.ledger.services import entry_add, entry_reverse
from minka.lib.money import CENT, cents, split_exact
from minka.members.models import Group
from minka.members.models import Sequence as NumberSequence
from minka.sales.models import (
    FundEntry,
    FundKind,
    Location,
    MoveKind,
    Origin,
    Sale,
    SaleLine,
    SaleVoid,
    ShareMode,
    ShareRule,
    StockMove,
)
from minka.sales.selectors import Item, share_rule
from minka.sales.services.base import floor_cents, lock_group, record_text, refuse_future
from minka.sales.services.stock import stock_check

STORE_METHOD = "store"  # a sale a partner store reported; paid at settlement
CARD = CashMethod.CARD.value
SALE_METHODS = [*PayMethod.values, CARD]
SALE_SOURCE = "sales.sale"


def sale_method_choices() -> list[tuple[str, str]]:
    """Cash, Yape/Plin, transfer (as for payouts) and card."""
    return [(str(value), str(label)) for value, label in PayMethod.choices] + [(CARD, _("Tarjeta"))]


def share_rule_set(
    *,
    group: Group,
    mode: str,
    maker_percent: Decimal,
    fixed_per_piece: Decimal,
    share_piece_rate: bool,
) -> ShareRule:
    if mode not in ShareMode.values:
        raise ValidationError(_("Elija la regla."))
    if not Decimal("0") <= maker_percent <= Decimal("100"):
        raise ValidationError(_("El porcentaje va de 0 a 100."))
    if fixed_per_piece < 0:
        raise ValidationError(_("El monto no puede ser negativo."))
    with transaction.atomic():
        rule, _created = ShareRule.objects.select_for_update().get_or_create(group=group)
        rule.mode = mode
        rule.maker_percent = maker_percent
        rule.fixed_per_piece = cents(fixed_per_piece)
        rule.share_piece_rate = share_piece_rate
        rule.save()
    return rule


@dataclass(frozen=True)
class LineSplit:
    total: Decimal
    commission: Decimal
    maker: Decimal
    fund: Decimal


def split_sale(
    *,
    items: Sequence[Item],
    rule: ShareRule,
    commission_percent: Decimal = Decimal("0"),
    total: Decimal | None = None,
) -> list[LineSplit]:
    """The money of each line of a sale, by the rule in this module's docstring."""
    list_totals = [cents(item.product.retail_price * item.quantity) for item in items]
    if total is None:
        line_totals = list_totals
    else:
        weights = [int(t / CENT) for t in list_totals]
        if sum(weights) == 0:
            weights = [item.quantity for item in items]
        line_totals = split_exact(total, weights)
    splits = []
    for item, line_total in zip(items, line_totals, strict=True):
        commission = floor_cents(line_total * commission_percent / 100)
        net = line_total - commission
        if item.origin == Origin.PRODUCTION and not rule.share_piece_rate:
            maker = Decimal("0.00")
        elif rule.mode == ShareMode.FIXED:
            maker = min(cents(rule.fixed_per_piece * item.quantity), net)
        else:
            maker = floor_cents(net * rule.maker_percent / 100)
        splits.append(LineSplit(line_total, commission, maker, net - maker))
    return splits


def sale_record(
    *,
    location: Location,
    items: Sequence[Item],
    method: str,
    on: date,
    by: User,
    total: Decimal | None = None,
) -> Sale:
    """Sell pieces from a place. Each maker's share goes to her ledger, the rest (less a
    store's commission) to the group fund. A store's sale has method STORE_METHOD."""
    if not items:
        raise ValidationError(_("Elija al menos una pieza."))
    if location.is_store:
        method = STORE_METHOD
    elif method not in SALE_METHODS:
        raise ValidationError(_("Elija la forma de pago."))
    if total is not None:
        total = cents(total)
        if total <= 0:
            raise ValidationError(_("El precio debe ser mayor que cero."))
    refuse_future(on)
    group = location.group
    with transaction.atomic():
        lock_group(group)
        stock_check(location, items)
        splits = split_sale(
            items=items,
            rule=share_rule(group),
            commission_percent=location.commission_percent if location.is_store else Decimal(0),
            total=total,
        )
        grand = sum((s.total for s in splits), Decimal("0"))
        if grand <= 0:
            raise ValidationError(
                _("Estas piezas no tienen precio al público; escriba el precio de la venta.")
            )
        sale = Sale.objects.create(
            group=group,
            number=NumberSequence.next_number(group, "sale", "V"),
            location=location,
            sold_on=on,
            method=method,
            total=grand,
            sold_by=by,
        )
        kind = MoveKind.STORE_SOLD if location.is_store else MoveKind.SALE
        fund = Decimal("0")
        for item, split in zip(items, splits, strict=True):
            SaleLine.objects.create(
                sale=sale,
                product=item.product,
                maker=item.maker,
                origin=item.origin,
                quantity=item.quantity,
                total=split.total,
                commission=split.commission,
                maker_share=split.maker,
                fund_share=split.fund,
            )
            StockMove.objects.create(
                group=group,
                kind=kind,
                product=item.product,
                maker=item.maker,
                origin=item.origin,
                from_location=location,
                quantity=item.quantity,
                moved_on=on,
                sale=sale,
                by=by,
            )
            if split.maker > 0:
                entry_add(
                    member=item.maker,
                    kind=EntryKind.SALE_SHARE,
                    amount=split.maker,
                    entry_date=on,
                    description=record_text(
                        gettext_noop("Venta %(number)s: %(n)d x %(product)s"),
                        number=sale.number,
                        n=item.quantity,
                        product=item.product.name,
                    )[:200],
                    quantity=item.quantity,
                    unit_amount=cents(split.maker / item.quantity),
                    source_type="sales.sale",
                    source_id=sale.id,
                    by=by,
                )
            fund += split.fund
        if fund != 0:
            FundEntry.objects.create(
                group=group,
                kind=FundKind.SALE_SHARE,
                amount=fund,
                entry_date=on,
                description=record_text(gettext_noop("Venta %(number)s"), number=sale.number),
                sale=sale,
                by=by,
            )
        if method != STORE_METHOD:  # paid on the spot; a store pays at settlement
            cash_entry_add(
                group=group,
                direction=Direction.IN,
                method=method,
                amount=grand,
                on=on,
                description=record_text(gettext_noop("Venta %(number)s"), number=sale.number),
                source_type=SALE_SOURCE,
                source_id=sale.id,
                by=by,
            )
    return sale


def sale_void(*, sale: Sale, reason: str, on: date, by: User) -> SaleVoid:
    """Cancel a sale recorded by mistake: its pieces go back to the place they were sold
    from, each maker's share is reversed in her ledger, and the fund's share is corrected.
    Refused for a sale already cancelled or already in a store's settlement."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Escriba el motivo de la anulación."))
    refuse_future(on)
    with transaction.atomic():
        lock_group(sale.group)
        sale = Sale.objects.select_related("settlement").get(pk=sale.pk)
        if SaleVoid.objects.filter(sale=sale).exists():
            raise ValidationError(_("Esta venta ya fue anulada."))
        if sale.settlement is not None:
            raise ValidationError(
                _("Esta venta ya está en la liquidación %(n)s; no se puede anular.")
                % {"n": sale.settlement.number}
            )
        if on < sale.sold_on:
            raise ValidationError(_("La anulación no puede ser anterior a la venta."))
        void = SaleVoid.objects.create(sale=sale, reason=reason[:150], voided_on=on, by=by)
        for line in sale.lines.all():
            StockMove.objects.create(
                group_id=sale.group_id,
                kind=MoveKind.SALE_VOID,
                product_id=line.product_id,
                maker_id=line.maker_id,
                origin=line.origin,
                to_location_id=sale.location_id,
                quantity=line.quantity,
                moved_on=on,
                sale=sale,
                by=by,
            )
        shares = LedgerEntry.objects.filter(
            source_type="sales.sale",
            source_id=sale.id,
            kind=EntryKind.SALE_SHARE,
            reversed_by__isnull=True,  # one the treasurer already corrected stays corrected
        )
        why = record_text(gettext_noop("venta %(n)s anulada"), n=sale.number)
        paid_why = record_text(
            gettext_noop(
                "venta %(n)s anulada; su parte ya se le pagó y se descuenta de lo que gane después"
            ),
            n=sale.number,
        )
        for entry in shares.select_related("member").order_by("member_id"):
            paid = member_balance(entry.member) < entry.amount
            entry_reverse(entry=entry, reason=paid_why if paid else why, by=by, on=on)
        for entry in FundEntry.objects.filter(sale=sale, kind=FundKind.SALE_SHARE):
            FundEntry.objects.create(
                group_id=sale.group_id,
                kind=FundKind.CORRECTION,
                amount=-entry.amount,
                entry_date=on,
                description=record_text(
                    gettext_noop("Anula: %(what)s — %(why)s"), what=entry.description, why=reason
                )[:200],
                sale=sale,
                reverses=entry,
                by=by,
            )
        if sale.method != STORE_METHOD:  # the buyer gets her money back
            cash_entry_add(
                group=sale.group,
                direction=Direction.OUT,
                method=sale.method,
                amount=sale.total,
                on=on,
                description=record_text(
                    gettext_noop("Devolución: venta %(n)s anulada"), n=sale.number
                ),
                source_type=SALE_SOURCE,
                source_id=sale.id,
                by=by,
            )
    return void
