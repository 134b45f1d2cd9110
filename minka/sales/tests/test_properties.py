"""For any sequence of stock moves, sales, store reports, returns and settlements:
pieces are conserved (what the places hold + what was sold = what came in, and no place
ever holds a negative count) and money is conserved (every sale's total = the makers'
shares + the fund's share + the store's commission; the ledger and the fund hold exactly
those shares). Refused steps change nothing."""

import contextlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from minka.conftest import build_world
from minka.ledger.models import EntryKind, LedgerEntry
from minka.lib.money import cents
from minka.production.models import Product
from minka.sales import services
from minka.sales.models import (
    FundEntry,
    LocationKind,
    MoveKind,
    Sale,
    SaleLine,
    Settlement,
    StockMove,
)
from minka.sales.services import Item

TODAY = timezone.localdate()
PLACES = ["shop", "fair", "store"]

sell = st.tuples(
    st.just("sell"),
    st.sampled_from(PLACES),
    st.lists(st.tuples(st.integers(0, 3), st.integers(1, 2)), min_size=1, max_size=2),
    st.one_of(st.none(), st.decimals("0.01", "900", places=2)),
)
step = st.one_of(
    sell,
    sell,
    st.tuples(st.just("add"), st.sampled_from(PLACES[:2]), st.integers(0, 3), st.integers(1, 4)),
    st.tuples(
        st.just("move"),
        st.sampled_from(PLACES),
        st.sampled_from(PLACES),
        st.integers(0, 3),
        st.integers(1, 5),
    ),
    st.tuples(st.just("return"), st.integers(0, 3), st.integers(1, 4)),
    st.tuples(st.just("settle"), st.integers(0, 2)),
    st.tuples(st.just("void"), st.integers(0, 5)),
)


def live_lines():
    """Lines of sales not cancelled."""
    return SaleLine.objects.filter(sale__void__isnull=True)


class SellingProperties(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        steps=st.lists(step, min_size=4, max_size=16),
        percent=st.decimals("0", "100", places=2),
        commission=st.decimals("0", "60", places=2),
        share_piece_rate=st.booleans(),
    )
    def test_pieces_and_money_are_conserved(self, steps, percent, commission, share_piece_rate):
        check(steps, percent, commission, share_piece_rate)


def check(steps, percent, commission, share_piece_rate) -> None:
    w = build_world()
    scarf = Product.objects.create(
        group=w.camacani,
        code="CH-02",
        name="Chalina",
        technique=w.knitting,
        standard_minutes=240,
        rate_a=Decimal("20"),
        rate_b=Decimal("12"),
        wholesale_price=Decimal("14"),
        retail_price=Decimal("55.55"),
    )
    services.share_rule_set(
        group=w.camacani,
        mode="percent",
        maker_percent=percent,
        fixed_per_piece=Decimal(0),
        share_piece_rate=share_piece_rate,
    )
    places = {
        "shop": services.location_create(group=w.camacani, name="Tienda", kind=LocationKind.SHOP),
        "fair": services.location_create(group=w.camacani, name="Feria", kind=LocationKind.FAIR),
        "store": services.location_create(
            group=w.camacani,
            name="Mama Killa",
            kind=LocationKind.STORE,
            commission_percent=commission,
        ),
    }
    batches = [
        (w.sweater, w.maria, "own"),
        (scarf, w.maria, "own"),
        (scarf, w.juana, "own"),
        (w.sweater, w.juana, "production"),
    ]
    # Production pieces come in through a StockMove of kind PRODUCTION (as a delivery does).
    StockMove.objects.create(
        group=w.camacani,
        kind=MoveKind.PRODUCTION,
        product=w.sweater,
        maker=w.juana,
        origin="production",
        to_location=places["shop"],
        quantity=3,
        moved_on=TODAY,
        by=w.rosa,
    )
    received = 3
    for product, maker, _origin in batches[:3]:
        services.stock_add_own(
            location=places["shop"],
            product=product,
            maker=maker,
            quantity=4,
            on=TODAY,
            by=w.teresa,
        )
        received += 4
    services.stock_move(
        source=places["shop"],
        target=places["store"],
        items=[Item(w.sweater, w.maria, "own", 2), Item(scarf, w.juana, "own", 2)],
        on=TODAY,
        by=w.teresa,
    )
    for s in steps:
        before = (StockMove.objects.count(), LedgerEntry.objects.count(), Sale.objects.count())
        try:
            if s[0] == "add":
                _, place, b, n = s
                product, maker, _origin = batches[min(b, 2)]
                services.stock_add_own(
                    location=places[place],
                    product=product,
                    maker=maker,
                    quantity=n,
                    on=TODAY,
                    by=w.teresa,
                )
                received += n
            elif s[0] == "move":
                _, a, b, i, n = s
                product, maker, origin = batches[i]
                services.stock_move(
                    source=places[a],
                    target=places[b],
                    items=[Item(product, maker, origin, n)],
                    on=TODAY,
                    by=w.teresa,
                )
            elif s[0] == "sell":
                _, place, picks, total = s
                items = [Item(*batches[i][:2], batches[i][2], n) for i, n in picks]
                services.sale_record(
                    location=places[place],
                    items=items,
                    method="cash",
                    on=TODAY,
                    by=w.teresa,
                    total=total,
                )
            elif s[0] == "return":
                _, i, n = s
                product, maker, origin = batches[i]
                services.store_report(
                    store=places["store"],
                    sold=[],
                    returned=[Item(product, maker, origin, n)],
                    back_to=places["shop"],
                    on=TODAY,
                    by=w.teresa,
                )
            elif s[0] == "void":
                sales = list(Sale.objects.order_by("created_at"))
                if sales:
                    services.sale_void(
                        sale=sales[s[1] % len(sales)], reason="error", on=TODAY, by=w.teresa
                    )
            elif s[0] == "settle":
                services.settlement_make(
                    store=places["store"], start=TODAY.replace(day=1), end=TODAY, by=w.rosa
                )
        except ValidationError as exc:
            event(f"refused {s[0]}: {exc.messages[0][:40]}")
            after = (StockMove.objects.count(), LedgerEntry.objects.count(), Sale.objects.count())
            assert after == before  # a refusal changes nothing

        # Pieces: what the places hold + what was sold = what came in; never negative.
        levels = services.stock_levels(w.camacani)
        assert all(level.quantity > 0 for level in levels)
        held = sum(level.quantity for level in levels)
        sold = live_lines().aggregate(n=Sum("quantity"))["n"] or 0
        assert held + sold == received

    with contextlib.suppress(ValidationError):  # settle what is left, if anything
        services.settlement_make(
            store=places["store"], start=TODAY.replace(day=1), end=TODAY, by=w.rosa
        )
    event(f"sales: {min(Sale.objects.count(), 3)}")
    event(f"settled: {Settlement.objects.count()}")
    event(f"voided: {min(Sale.objects.filter(void__isnull=False).count(), 2)}")
    # Money: each line splits exactly; the ledger and the fund hold exactly the shares.
    zero = Decimal("0")
    for line in SaleLine.objects.all():  # every line, cancelled or not, splits exactly
        assert line.commission + line.maker_share + line.fund_share == line.total
        assert min(line.commission, line.maker_share, line.fund_share) >= 0
        if line.origin == "production" and not share_piece_rate:
            assert line.maker_share == 0
    for sale in Sale.objects.all():
        assert sum((line.total for line in sale.lines.all()), zero) == sale.total
    totals = live_lines().aggregate(
        t=Sum("total"), c=Sum("commission"), m=Sum("maker_share"), f=Sum("fund_share")
    )
    sales_total = cents(Decimal(totals["t"] or 0))
    makers = LedgerEntry.objects.filter(
        Q(kind=EntryKind.SALE_SHARE)
        | Q(kind=EntryKind.REVERSAL, reverses__kind=EntryKind.SALE_SHARE)
    ).balance()
    fund = FundEntry.objects.balance()
    commission_sum = cents(Decimal(totals["c"] or 0))
    assert makers == cents(Decimal(totals["m"] or 0))
    assert sales_total == makers + fund + commission_sum
    # Settlements: each store sale in at most one, and the settled sums add up.
    for settlement in Settlement.objects.all():
        lines = live_lines().filter(sale__settlement=settlement)
        gross = cents(Decimal(lines.aggregate(t=Sum("total"))["t"] or 0))
        assert settlement.gross == gross
        assert settlement.owed_to_group == settlement.gross - settlement.commission
    settled = live_lines().filter(sale__settlement__isnull=False).aggregate(t=Sum("total"))["t"]
    gross = sum((st.gross for st in Settlement.objects.all()), zero)
    assert gross == cents(Decimal(settled or 0))
    assert not Sale.objects.filter(
        location=places["store"], settlement__isnull=True, void__isnull=True
    ).exists()
    assert not Sale.objects.filter(settlement__isnull=False, void__isnull=False).exists()
