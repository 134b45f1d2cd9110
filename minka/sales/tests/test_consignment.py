"""Consignment in the Mama Killa store (30 % commission): send, report, settle once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minka.ledger.models import LedgerEntry
from minka.production.models import Product
from minka.sales import services
from minka.sales.models import (
    FundEntry,
    LocationKind,
    Sale,
    SaleLine,
    Settlement,
    StockMove,
)
from minka.sales.tests.conftest import Shop, key, url

TODAY = timezone.localdate()


def fmt(d) -> str:
    return d.strftime("%d/%m/%Y")


def send_to_store(selling: Shop, client) -> None:
    w = selling.world
    response = client.post(
        url("stock_move", w.camacani, selling.shop.id),
        {
            "target": selling.store.id,
            f"q_{key(selling.scarf, w.maria)}": "4",
            f"q_{key(w.sweater, w.maria)}": "1",
        },
    )
    assert response.status_code == 302


def test_send_report_and_settle(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    send_to_store(selling, teresa)
    assert StockMove.objects.filter(kind="consign").count() == 2
    assert services.on_hand(selling.store, selling.scarf, w.maria, "own") == 4

    store_url = url("store_detail", w.camacani, selling.store.id)
    page = teresa.get(store_url).content.decode()
    assert "Enviada a tienda aliada" in page

    # The store reports: 1 scarf and the sweater sold, 2 scarves returned.
    response = teresa.post(
        url("store_report", w.camacani, selling.store.id),
        {
            f"sold_{key(selling.scarf, w.maria)}": "1",
            f"sold_{key(w.sweater, w.maria)}": "1",
            f"ret_{key(selling.scarf, w.maria)}": "2",
            "back_to": selling.shop.id,
        },
    )
    assert response.status_code == 302
    sale = Sale.objects.get()
    assert sale.method == "store" and sale.total == Decimal("235.55")
    # Scarf 55.55: commission 16.66, María 17.50, fund 21.39.
    # Sweater 180.00: commission 54.00, María 56.70, fund 69.30.
    assert sorted(SaleLine.objects.values_list("commission", "maker_share", "fund_share")) == [
        (Decimal("16.66"), Decimal("17.50"), Decimal("21.39")),
        (Decimal("54.00"), Decimal("56.70"), Decimal("69.30")),
    ]
    assert LedgerEntry.objects.filter(member=w.maria).balance() == Decimal("74.20")
    assert FundEntry.objects.balance() == Decimal("90.69")
    assert services.on_hand(selling.store, selling.scarf, w.maria, "own") == 1
    assert services.on_hand(selling.shop, selling.scarf, w.maria, "own") == 3

    page = teresa.get(store_url).content.decode()
    assert "S/ 235.55" in page and "S/ 70.66" in page and "S/ 164.89" in page

    settle = url("settlement_create", w.camacani, selling.store.id)
    period = {"start": fmt(TODAY.replace(day=1)), "end": fmt(TODAY)}
    assert teresa.post(settle, period).status_code == 302
    settlement = Settlement.objects.get()
    assert settlement.number == "S1-CAM-L0001"
    assert (settlement.gross, settlement.commission, settlement.owed_to_group) == (
        Decimal("235.55"),
        Decimal("70.66"),
        Decimal("164.89"),
    )
    assert Sale.objects.get().settlement == settlement
    statement = teresa.get(url("settlement_detail", w.camacani, settlement.id)).content.decode()
    assert "Liquidación S1-CAM-L0001" in statement and "Mama Killa Cusco" in statement
    assert "S/ 164.89" in statement and "CH-02 Chalina de alpaca" in statement
    lucia = w.client_for(w.lucia)
    assert lucia.get(url("settlement_detail", w.camacani, settlement.id)).status_code == 404
    assert lucia.get(url("settlement_detail", w.juli, settlement.id)).status_code == 404

    # Settling the same period twice is refused, nothing changes.
    response = teresa.post(settle, period, follow=True)
    assert "ya fueron liquidadas" in response.content.decode()
    # A longer period holds no unsettled sale either: a sale is settled only once.
    response = teresa.post(
        settle, {"start": fmt(TODAY - timedelta(days=40)), "end": fmt(TODAY)}, follow=True
    )
    assert "ya fueron liquidadas" in response.content.decode()
    assert Settlement.objects.count() == 1
    # The store reports one more scarf sold later the same month: a second settlement of
    # the period takes that sale only.
    teresa.post(
        url("store_report", w.camacani, selling.store.id),
        {f"sold_{key(selling.scarf, w.maria)}": "1"},
    )
    assert teresa.post(settle, period).status_code == 302
    second = Settlement.objects.get(number="S1-CAM-L0002")
    assert (second.gross, second.commission, second.owed_to_group) == (
        Decimal("55.55"),
        Decimal("16.66"),
        Decimal("38.89"),
    )
    assert Sale.objects.filter(settlement=settlement).count() == 1
    assert Sale.objects.filter(settlement=second).count() == 1
    # A settled store sale cannot be cancelled any more.
    response = teresa.post(
        url("sale_void", w.camacani, Sale.objects.get(settlement=settlement).id),
        {"reason": "error"},
        follow=True,
    )
    assert "ya está en la liquidación S1-CAM-L0001" in response.content.decode()


def test_a_return_of_pieces_the_store_never_had_is_refused(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    send_to_store(selling, teresa)
    counts = (StockMove.objects.count(), Sale.objects.count(), LedgerEntry.objects.count())
    report = url("store_report", w.camacani, selling.store.id)
    # Juana's scarves never went to the store.
    response = teresa.post(
        report,
        {f"ret_{key(selling.scarf, w.juana)}": "1", "back_to": selling.shop.id},
        follow=True,
    )
    assert "En Mama Killa Cusco solo hay 0 de «Chalina de alpaca» de Juana" in (
        response.content.decode()
    )
    # Sold 3 and returned 2 of the 4 scarves sent: 5 > 4, refused as a whole.
    response = teresa.post(
        report,
        {
            f"sold_{key(selling.scarf, w.maria)}": "3",
            f"ret_{key(selling.scarf, w.maria)}": "2",
            "back_to": selling.shop.id,
        },
        follow=True,
    )
    assert "solo hay 4" in response.content.decode()
    assert (StockMove.objects.count(), Sale.objects.count(), LedgerEntry.objects.count()) == counts


def test_a_store_statement_shows_nothing_of_other_groups(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    send_to_store(selling, teresa)
    teresa.post(
        url("store_report", w.camacani, selling.store.id),
        {f"sold_{key(selling.scarf, w.maria)}": "1"},
    )
    # Juli has its own partner store and design, and a sale there the same day.
    juli_store = services.location_create(
        group=w.juli, name="Tienda Juli", kind=LocationKind.STORE, commission_percent=Decimal(20)
    )
    juli_bag = Product.objects.create(
        group=w.juli,
        code="BO-01",
        name="Bolso de Juli",
        technique=w.weaving,
        standard_minutes=300,
        rate_a=Decimal("25"),
        rate_b=Decimal("15"),
        wholesale_price=Decimal("20"),
        retail_price=Decimal("99.00"),
    )
    with pytest.raises(ValidationError):  # a Camacani design is not Juli's to stock
        services.stock_add_own(
            location=juli_store,
            product=w.sweater,
            maker=w.juli_member,
            quantity=1,
            on=TODAY,
            by=w.lucia,
        )
    services.stock_add_own(
        location=juli_store,
        product=juli_bag,
        maker=w.juli_member,
        quantity=2,
        on=TODAY,
        by=w.lucia,
    )
    services.sale_record(
        location=juli_store,
        items=[services.Item(juli_bag, w.juli_member, "own", 1)],
        method="store",
        on=TODAY,
        by=w.lucia,
    )

    store_url = url("store_detail", w.camacani, selling.store.id)
    page = teresa.get(store_url).content.decode()
    assert "Chalina de alpaca" in page
    assert "Bolso de Juli" not in page and "Eulalia" not in page and "99.00" not in page
    teresa.post(
        url("settlement_create", w.camacani, selling.store.id),
        {"start": fmt(TODAY.replace(day=1)), "end": fmt(TODAY)},
    )
    settlement = Settlement.objects.get(group=w.camacani)
    assert settlement.gross == Decimal("55.55")
    assert list(settlement.sales.values_list("group", flat=True)) == [w.camacani.id]
    assert Sale.objects.filter(group=w.juli, settlement__isnull=True).count() == 1

    assert w.client_for(w.lucia).get(store_url).status_code == 404
    assert w.client_for(w.lucia).get(url("stores", w.camacani)).status_code == 404
    rosa = w.client_for(w.rosa)
    assert rosa.get(url("store_detail", w.camacani, juli_store.id)).status_code == 404
    assert rosa.get(url("store_detail", w.juli, juli_store.id)).status_code == 404
    page = teresa.get(url("stores", w.camacani)).content.decode()
    assert "Mama Killa Cusco" in page and "Tienda Juli" not in page
    # The group's own shop is not a partner store: it has no store statement.
    assert teresa.get(url("store_detail", w.camacani, selling.shop.id)).status_code == 404
