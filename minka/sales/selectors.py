"""Reads that more than one page (or the services) use: what a place holds, the group's
share rule, the fund's balance, a store's account, deliveries waiting to come into stock.

Pieces on hand are never stored: a place holds what came in minus what went out, over
the move log (`_net`, the one home of that rule). Who may sell is `Can.SELL`
(members.access)."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.selectors import member_balance
from minka.lib.money import cents
from minka.members.models import Group, Member
from minka.production.models import Delivery, Product
from minka.production.selectors import deliveries_with_accepted
from minka.sales.models import (
    FundEntry,
    Location,
    Sale,
    SaleLine,
    Settlement,
    ShareRule,
    StockMove,
)


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


def _net(moves: QuerySet[StockMove], place: str, fields: tuple[str, ...]) -> dict[tuple, int]:
    """Pieces on hand per (place, *fields): what came in minus what went out. `place` is
    the location's field to key on ("id", "name"). Two queries."""
    counts: dict[tuple, int] = defaultdict(int)
    for direction, sign in (("to_location", 1), ("from_location", -1)):
        column = f"{direction}__{place}" if place != "id" else f"{direction}_id"
        rows = (
            moves.filter(**{f"{direction}__isnull": False})
            .order_by()
            .values(column, *fields)
            .annotate(n=Sum("quantity"))
        )
        for row in rows:
            counts[(row[column], *(row[f] for f in fields))] += sign * row["n"]
    return {k: n for k, n in counts.items() if n}


def on_hand(location: Location, product: Product, maker: Member, origin: str) -> int:
    moves = StockMove.objects.filter(product=product, maker=maker, origin=origin)
    return _net(moves.filter(Q(to_location=location) | Q(from_location=location)), "id", ()).get(
        (location.pk,), 0
    )


def stock_levels(group: Group, location: Location | None = None) -> list[Level]:
    """What each place holds, by design, maker and origin: a fixed number of queries."""
    moves = StockMove.objects.filter(group=group)
    if location is not None:
        moves = moves.filter(Q(to_location=location) | Q(from_location=location))
    counts = _net(moves, "id", ("product_id", "maker_id", "origin"))
    if location is not None:
        counts = {k: n for k, n in counts.items() if k[0] == location.pk}
    places = Location.objects.in_bulk({k[0] for k in counts})
    products = Product.objects.select_related("catalogue").in_bulk({k[1] for k in counts})
    makers = Member.objects.in_bulk({k[2] for k in counts})
    levels = [
        Level(places[loc], products[p], makers[m], origin, n)
        for (loc, p, m, origin), n in counts.items()
    ]
    levels.sort(key=lambda lv: (lv.location.name, lv.product.code, lv.maker.number, lv.origin))
    return levels


def maker_stock(member: Member) -> list[tuple[str, str, int]]:
    """Her pieces for sale: (place, design, pieces), by name. Two queries."""
    counts = _net(StockMove.objects.filter(maker=member), "name", ("product__name",))
    return sorted((place, design, n) for (place, design), n in counts.items())


def deliveries_to_stock(group: Group) -> QuerySet[Delivery]:
    """Deliveries with accepted pieces not yet brought into stock, oldest first."""
    return (
        deliveries_with_accepted(allocation__member__group=group, stock_move__isnull=True)
        .select_related("allocation__member", "allocation__line__product")
        .order_by("received_on")
    )


def share_rule(group: Group) -> ShareRule:
    """The group's rule, or the default (45 % to the maker) if it never set one."""
    rule = ShareRule.objects.filter(group=group).first()
    return rule or ShareRule(group=group)


def fund_balance(group: Group) -> Decimal:
    return FundEntry.objects.filter(group=group).balance()


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


def settlement_due(settlement: Settlement) -> Decimal:
    """What the store still owes of a settlement: what it owed less what it has paid."""
    paid = settlement.payments.aggregate(n=Coalesce(Sum("amount"), Decimal("0")))["n"]
    return cents(settlement.owed_to_group - cents(Decimal(paid)))


@dataclass(frozen=True)
class VoidEffect:
    """What cancelling a sale does to one maker's account, shown before it is done."""

    maker: Member
    share: Decimal  # her share of the sale, taken back
    balance: Decimal  # her balance now
    after: Decimal  # her balance after the cancellation

    @property
    def already_paid(self) -> bool:
        """She has already been paid (part of) this share: it comes off what she earns next."""
        return self.after < 0


def sale_void_effects(sale: Sale) -> list[VoidEffect]:
    """Each maker's share that a cancellation takes back, and her balance before and after."""
    shares: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    makers: dict[uuid.UUID, Member] = {}
    entries = LedgerEntry.objects.filter(
        source_type="sales.sale",
        source_id=sale.id,
        kind=EntryKind.SALE_SHARE,
        reversed_by__isnull=True,
    ).select_related("member")
    for entry in entries:
        shares[entry.member_id] += entry.amount
        makers[entry.member_id] = entry.member
    effects = []
    for member_id, share in shares.items():
        balance = member_balance(makers[member_id])
        effects.append(VoidEffect(makers[member_id], share, balance, balance - share))
    return sorted(effects, key=lambda e: e.maker.number)
