"""Writes for selling. Each function validates, writes in one transaction, and returns;
a refusal raises ValidationError with a message for the user and changes nothing.

Every write that takes pieces out of a place locks the group row first and then checks
what the place holds (a SUM over the move log), so two sales at once cannot both sell
the last piece.

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

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from minka.ledger.models import EntryKind, LedgerEntry, PayMethod
from minka.ledger.services import entry_add, entry_reverse
from minka.lib.i18n import record_language
from minka.lib.money import CENT, cents, format_money, split_exact
from minka.members.models import Group, Member
from minka.members.models import Sequence as NumberSequence
from minka.production.models import Delivery, Grade, Product
from minka.sales.models import (
    CatalogueEntry,
    ExpenseCategory,
    FundEntry,
    FundKind,
    Location,
    LocationKind,
    MoveKind,
    Origin,
    Sale,
    SaleLine,
    SaleVoid,
    Settlement,
    ShareMode,
    ShareRule,
    StockMove,
)

STORE_METHOD = "store"  # a sale a partner store reported; paid at settlement
CARD = "card"
SALE_METHODS = [*PayMethod.values, CARD]


def sale_method_choices() -> list[tuple[str, str]]:
    """Cash, Yape/Plin, transfer (as for payouts) and card."""
    return [(str(value), str(label)) for value, label in PayMethod.choices] + [(CARD, _("Tarjeta"))]


def _record(message: str, **values: object) -> str:
    with record_language():
        return gettext(message) % values


def _floor_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def _lock(group: Group) -> Group:
    return Group.objects.select_for_update().get(pk=group.pk)


def _not_future(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))


# --- stock --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """Pieces of one design by one maker, of one origin (a 'batch')."""

    product: Product
    maker: Member
    origin: str
    quantity: int

    @property
    def key(self) -> str:
        return f"{self.product.pk}_{self.maker.pk}_{self.origin}"


def on_hand(location: Location, product: Product, maker: Member, origin: str) -> int:
    moves = StockMove.objects.filter(product=product, maker=maker, origin=origin)
    got = moves.filter(to_location=location).aggregate(n=Sum("quantity"))["n"] or 0
    gone = moves.filter(from_location=location).aggregate(n=Sum("quantity"))["n"] or 0
    return int(got - gone)


def _check_items(location: Location, items: Sequence[Item]) -> None:
    """Refuse if the place does not hold every piece asked for. Call under the lock."""
    wanted: dict[tuple[object, object, str], int] = defaultdict(int)
    for item in items:
        if item.quantity <= 0:
            raise ValidationError(_("Las cantidades deben ser mayores que cero."))
        if item.product.group_id != location.group_id or item.maker.group_id != location.group_id:
            raise ValidationError(_("Ese diseño o esa socia no son de este grupo."))
        if item.origin not in Origin.values:
            raise ValidationError(_("Origen de la pieza desconocido."))
        wanted[(item.product.pk, item.maker.pk, item.origin)] += item.quantity
    problems = []
    for item in items:
        key = (item.product.pk, item.maker.pk, item.origin)
        if key not in wanted:
            continue
        have = on_hand(location, item.product, item.maker, item.origin)
        if wanted.pop(key) > have:
            problems.append(
                _("En %(place)s solo hay %(n)d de «%(product)s» de %(maker)s.")
                % {
                    "place": location.name,
                    "n": have,
                    "product": item.product.name,
                    "maker": item.maker.full_name,
                }
            )
    if problems:
        raise ValidationError(problems)


def location_create(
    *,
    group: Group,
    name: str,
    kind: str,
    commission_percent: Decimal = Decimal("0"),
    contact: str = "",
) -> Location:
    name = name.strip()
    if not name:
        raise ValidationError(_("Escriba el nombre del lugar."))
    if kind not in LocationKind.values:
        raise ValidationError(_("Elija el tipo de lugar."))
    if not Decimal("0") <= commission_percent <= Decimal("100"):
        raise ValidationError(_("La comisión va de 0 a 100 %."))
    if kind != LocationKind.STORE:
        commission_percent = Decimal("0")
    if Location.objects.filter(group=group, name__iexact=name).exists():
        raise ValidationError(_("Ya hay un lugar con ese nombre."))
    return Location.objects.create(
        group=group, name=name, kind=kind, commission_percent=commission_percent, contact=contact
    )


def stock_add_own(
    *, location: Location, product: Product, maker: Member, quantity: int, on: date, by: User
) -> StockMove:
    """Pieces a member made on her own for sale, brought into a place."""
    if quantity <= 0:
        raise ValidationError(_("Las cantidades deben ser mayores que cero."))
    if product.group_id != location.group_id or maker.group_id != location.group_id:
        raise ValidationError(_("Ese diseño o esa socia no son de este grupo."))
    _not_future(on)
    with transaction.atomic():
        _lock(location.group)
        return StockMove.objects.create(
            group_id=location.group_id,
            kind=MoveKind.OWN,
            product=product,
            maker=maker,
            origin=Origin.OWN,
            to_location=location,
            quantity=quantity,
            moved_on=on,
            by=by,
        )


def accepted_pieces(delivery: Delivery) -> int:
    """Pieces of a delivery graded A or B at quality control."""
    n = delivery.checks.filter(grade__in=[Grade.A, Grade.B]).aggregate(n=Sum("quantity"))["n"]
    return int(n or 0)


def stock_receive_from_production(
    *, delivery: Delivery, location: Location, on: date, by: User
) -> StockMove:
    """Bring the accepted pieces of a production delivery into a place, once."""
    _not_future(on)
    with transaction.atomic():
        _lock(location.group)
        delivery = Delivery.objects.select_related(
            "allocation__member", "allocation__line__product"
        ).get(pk=delivery.pk)
        member = delivery.allocation.member
        if member.group_id != location.group_id:
            raise ValidationError(_("Esa entrega no es de este grupo."))
        if StockMove.objects.filter(delivery=delivery).exists():
            raise ValidationError(_("Las piezas de esta entrega ya están en el stock."))
        quantity = accepted_pieces(delivery)
        if quantity == 0:
            raise ValidationError(_("Esta entrega no tiene piezas aceptadas."))
        try:
            with transaction.atomic():
                return StockMove.objects.create(
                    group_id=location.group_id,
                    kind=MoveKind.PRODUCTION,
                    product=delivery.allocation.line.product,
                    maker=member,
                    origin=Origin.PRODUCTION,
                    to_location=location,
                    quantity=quantity,
                    moved_on=on,
                    delivery=delivery,
                    by=by,
                )
        except IntegrityError as exc:
            raise ValidationError(_("Las piezas de esta entrega ya están en el stock.")) from exc


def stock_move(
    *, source: Location, target: Location, items: Sequence[Item], on: date, by: User
) -> list[StockMove]:
    """Carry pieces from one place to another: to a fair, to a partner store (consignment),
    or back from a store (a return; refused for pieces the store does not have)."""
    if source.pk == target.pk:
        raise ValidationError(_("Elija dos lugares distintos."))
    if source.group_id != target.group_id:
        raise ValidationError(_("Esos lugares no son del mismo grupo."))
    if not items:
        raise ValidationError(_("Elija al menos una pieza."))
    if source.is_store and target.is_store:
        raise ValidationError(_("Las piezas de una tienda aliada vuelven primero al grupo."))
    _not_future(on)
    kind = MoveKind.MOVE
    if target.is_store:
        kind = MoveKind.CONSIGN
    elif source.is_store:
        kind = MoveKind.STORE_RETURN
    with transaction.atomic():
        _lock(source.group)
        _check_items(source, items)
        return [
            StockMove.objects.create(
                group_id=source.group_id,
                kind=kind,
                product=item.product,
                maker=item.maker,
                origin=item.origin,
                from_location=source,
                to_location=target,
                quantity=item.quantity,
                moved_on=on,
                by=by,
            )
            for item in items
        ]


# --- the split ----------------------------------------------------------------------------


def share_rule(group: Group) -> ShareRule:
    """The group's rule, or the default (45 % to the maker) if it never set one."""
    rule = ShareRule.objects.filter(group=group).first()
    return rule or ShareRule(group=group)


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
        commission = _floor_cents(line_total * commission_percent / 100)
        net = line_total - commission
        if item.origin == Origin.PRODUCTION and not rule.share_piece_rate:
            maker = Decimal("0.00")
        elif rule.mode == ShareMode.FIXED:
            maker = min(cents(rule.fixed_per_piece * item.quantity), net)
        else:
            maker = _floor_cents(net * rule.maker_percent / 100)
        splits.append(LineSplit(line_total, commission, maker, net - maker))
    return splits


# --- sales --------------------------------------------------------------------------------


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
    _not_future(on)
    group = location.group
    with transaction.atomic():
        _lock(group)
        _check_items(location, items)
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
                    description=_record(
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
                description=_record(gettext_noop("Venta %(number)s"), number=sale.number),
                sale=sale,
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
    _not_future(on)
    with transaction.atomic():
        _lock(sale.group)
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
        why = _record(gettext_noop("venta %(n)s anulada"), n=sale.number)
        for entry in shares:
            entry_reverse(entry=entry, reason=why, by=by, on=on)
        for entry in FundEntry.objects.filter(sale=sale, kind=FundKind.SALE_SHARE):
            FundEntry.objects.create(
                group_id=sale.group_id,
                kind=FundKind.CORRECTION,
                amount=-entry.amount,
                entry_date=on,
                description=_record(
                    gettext_noop("Anula: %(what)s — %(why)s"), what=entry.description, why=reason
                )[:200],
                sale=sale,
                reverses=entry,
                by=by,
            )
    return void


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
        _lock(store.group)
        # Check the two together: a piece cannot be both sold and returned.
        _check_items(store, [*sold, *returned])
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


@dataclass(frozen=True)
class StoreAccount:
    sales: list[Sale]
    gross: Decimal
    commission: Decimal
    owed_to_group: Decimal


def store_account(store: Location, start: date, end: date, *, unsettled: bool) -> StoreAccount:
    """A store's sales in a period (the unsettled ones, or all), with its sums."""
    sales = Sale.objects.filter(
        location=store, sold_on__gte=start, sold_on__lte=end, void__isnull=True
    )
    if unsettled:
        sales = sales.filter(settlement__isnull=True)
    sums = SaleLine.objects.filter(sale__in=sales).aggregate(
        gross=Sum("total"), commission=Sum("commission")
    )
    gross = cents(Decimal(sums["gross"] or 0))
    commission = cents(Decimal(sums["commission"] or 0))
    return StoreAccount(
        list(sales.order_by("sold_on", "created_at")), gross, commission, gross - commission
    )


def settlement_make(*, store: Location, start: date, end: date, by: User) -> Settlement:
    """Settle a store's unsettled sales of a period. Each sale is settled once: a second
    settlement of the same period takes only sales reported since the first, and is
    refused when there are none. What the store owes is gross less its commission."""
    if not store.is_store:
        raise ValidationError(_("Ese lugar no es una tienda aliada."))
    if start > end:
        raise ValidationError(_("La fecha «desde» va antes de «hasta»."))
    _not_future(end)
    with transaction.atomic():
        _lock(store.group)
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
        Sale.objects.filter(pk__in=[s.pk for s in account.sales], settlement__isnull=True).update(
            settlement=settlement
        )
    return settlement


# --- the fund -----------------------------------------------------------------------------


def fund_balance(group: Group) -> Decimal:
    return FundEntry.objects.filter(group=group).balance()


def fund_expense(
    *, group: Group, amount: Decimal, category: str, description: str, on: date, by: User
) -> FundEntry:
    """Money spent from the group fund. More than the fund holds is refused."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    if category not in ExpenseCategory.values:
        raise ValidationError(_("Elija la categoría del gasto."))
    description = description.strip()
    if not description:
        raise ValidationError(_("Escriba en qué se gastó."))
    _not_future(on)
    with transaction.atomic():
        _lock(group)
        balance = fund_balance(group)
        if amount > balance:
            raise ValidationError(
                _("El fondo tiene %(balance)s; no alcanza para %(amount)s.")
                % {"balance": format_money(balance), "amount": format_money(amount)}
            )
        return FundEntry.objects.create(
            group=group,
            kind=FundKind.EXPENSE,
            category=category,
            amount=-amount,
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
    _not_future(on)
    with transaction.atomic():
        _lock(entry.group)
        entry = FundEntry.objects.get(pk=entry.pk)
        if entry.kind not in {FundKind.EXPENSE, FundKind.INCOME}:
            raise ValidationError(_("Solo se corrigen gastos y otros ingresos."))
        if FundEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(_("Este movimiento ya fue corregido."))
        return FundEntry.objects.create(
            group_id=entry.group_id,
            kind=FundKind.CORRECTION,
            category=entry.category,
            amount=-entry.amount,
            entry_date=on,
            description=_record(
                gettext_noop("Corrige: %(what)s — %(why)s"), what=entry.description, why=reason
            )[:200],
            reverses=entry,
            by=by,
        )


# --- reading stock ------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    location: Location
    product: Product
    maker: Member
    origin: str
    quantity: int

    @property
    def key(self) -> str:
        return f"{self.product.pk}_{self.maker.pk}_{self.origin}"

    def item(self, quantity: int) -> Item:
        return Item(self.product, self.maker, self.origin, quantity)


def stock_levels(group: Group, location: Location | None = None) -> list[Level]:
    """What each place holds, by design, maker and origin: a fixed number of queries."""
    moves = StockMove.objects.filter(group=group)
    if location is not None:
        moves = moves.filter(Q(to_location=location) | Q(from_location=location))
    counts: dict[tuple[object, object, object, str], int] = defaultdict(int)
    fields = ("product_id", "maker_id", "origin")
    for row in (
        moves.filter(to_location__isnull=False)
        .values("to_location_id", *fields)
        .annotate(n=Sum("quantity"))
    ):
        counts[(row["to_location_id"], row["product_id"], row["maker_id"], row["origin"])] += row[
            "n"
        ]
    for row in (
        moves.filter(from_location__isnull=False)
        .values("from_location_id", *fields)
        .annotate(n=Sum("quantity"))
    ):
        counts[(row["from_location_id"], row["product_id"], row["maker_id"], row["origin"])] -= row[
            "n"
        ]
    counts = {k: v for k, v in counts.items() if v and (location is None or k[0] == location.pk)}
    places = Location.objects.in_bulk({k[0] for k in counts})
    products = Product.objects.select_related("catalogue").in_bulk({k[1] for k in counts})
    makers = Member.objects.in_bulk({k[2] for k in counts})
    levels = [
        Level(places[loc], products[p], makers[m], origin, n)
        for (loc, p, m, origin), n in counts.items()
    ]
    levels.sort(key=lambda lv: (lv.location.name, lv.product.code, lv.maker.number, lv.origin))
    return levels


# --- catalogue ----------------------------------------------------------------------------


def catalogue_entry_save(
    *,
    product: Product,
    public: bool,
    design_story: str,
    maker: Member | None,
    maker_story: str,
    maker_consent: bool,
    photo: object | None = None,
) -> CatalogueEntry:
    """How a design shows in the catalogue. Her name and story are printed only when her
    consent is recorded; without it they stay on this page and nowhere else."""
    if maker is not None and maker.group_id != product.group_id:
        raise ValidationError(_("Esa socia no es de este grupo."))
    if maker_consent and maker is None:
        raise ValidationError(_("Elija a la artesana que dio su consentimiento."))
    with transaction.atomic():
        entry, _created = CatalogueEntry.objects.select_for_update().get_or_create(product=product)
        entry.public = public
        entry.design_story = design_story.strip()
        entry.maker = maker
        entry.maker_story = maker_story.strip()
        entry.maker_consent = maker_consent
        if photo is not None:
            entry.photo = photo
        entry.save()
    return entry
