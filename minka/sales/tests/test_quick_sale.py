"""The quick sale: pieces, price, payment method; the maker's share to her ledger and
the rest to the group fund, to the cent."""

from decimal import Decimal

from django.utils import timezone

from minka.conftest import order_in_production
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.selectors import member_money
from minka.production.services import delivery_record
from minka.sales import services
from minka.sales.models import FundEntry, Sale, SaleLine, StockMove
from minka.sales.tests.conftest import Shop, key, url


def sell(client, selling: Shop, data: dict[str, str], follow: bool = False):
    return client.post(
        url("quick_sale", selling.world.camacani) + f"?at={selling.shop.id}",
        {"method": "yape", **data},
        follow=follow,
    )


def test_a_sale_credits_the_maker_45_percent_and_the_fund_the_rest(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    page = teresa.get(url("quick_sale", w.camacani)).content.decode()
    assert "Chompa trenzada" in page and "Yape" in page and "Plin" in page and "Tarjeta" in page

    response = sell(teresa, selling, {f"q_{key(w.sweater, w.maria)}": "1"})
    sale = Sale.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("sale_detail", w.camacani, sale.id)
    assert sale.number == "S1-CAM-V0001" and sale.total == Decimal("180.00")
    assert sale.method == "yape"
    entry = LedgerEntry.objects.get(member=w.maria, kind=EntryKind.SALE_SHARE)
    assert entry.amount == Decimal("81.00")  # 45 % of 180.00
    assert entry.source_type == "sales.sale" and entry.source_id == sale.id
    assert FundEntry.objects.get(sale=sale).amount == Decimal("99.00")
    assert services.on_hand(selling.shop, w.sweater, w.maria, "own") == 2
    assert member_money(w.maria).earned == Decimal("81.00")
    assert member_money(w.maria).balance == Decimal("81.00")

    receipt = teresa.get(response["Location"]).content.decode()
    assert "Recibo de venta S1-CAM-V0001" in receipt and "S/ 180.00" in receipt
    assert "Hecha por María Quispe Mamani" in receipt


def test_odd_cents_go_to_the_fund(selling: Shop) -> None:
    """45 % of S/ 55.55 is 24.9975: María gets 24.99 and the fund 30.56."""
    w = selling.world
    sell(w.client_for(w.teresa), selling, {f"q_{key(selling.scarf, w.maria)}": "1"})
    line = SaleLine.objects.get()
    assert (line.maker_share, line.fund_share, line.commission) == (
        Decimal("24.99"),
        Decimal("30.56"),
        Decimal("0.00"),
    )
    assert LedgerEntry.objects.get(member=w.maria).amount == Decimal("24.99")
    assert FundEntry.objects.balance() == Decimal("30.56")


def test_a_fair_discount_is_shared_among_the_pieces_without_losing_a_cent(selling: Shop) -> None:
    """Two of María's scarves (111.10), one of Juana's (55.55) and María's sweater (180.00)
    list at 346.65; sold together for 300.00. split_exact gives 96.15, 48.07 and 155.78
    (two cents left over go to the largest remainders: the first and third lines)."""
    w = selling.world
    sell(
        w.client_for(w.teresa),
        selling,
        {
            f"q_{key(selling.scarf, w.maria)}": "2",
            f"q_{key(selling.scarf, w.juana)}": "1",
            f"q_{key(w.sweater, w.maria)}": "1",
            "total": "S/ 300.00",
            "method": "cash",
        },
    )
    sale = Sale.objects.get()
    lines = {(line.product.code, line.maker.first_name): line for line in sale.lines.all()}
    assert lines["CH-02", "María"].total == Decimal("96.15")
    assert lines["CH-02", "Juana"].total == Decimal("48.07")
    assert lines["CH-01", "María"].total == Decimal("155.78")
    assert lines["CH-02", "Juana"].maker_share == Decimal("21.63")
    assert LedgerEntry.objects.filter(member=w.maria).balance() == Decimal("113.36")  # 43.26+70.10
    assert LedgerEntry.objects.filter(member=w.juana).balance() == Decimal("21.63")
    assert FundEntry.objects.balance() == Decimal("165.01")  # 52.89 + 26.44 + 85.68
    assert (
        sale.total == Decimal("300.00") == Decimal("113.36") + Decimal("21.63") + Decimal("165.01")
    )


def _receive_production_sweater(selling: Shop) -> None:
    w = selling.world
    _order, allocations = order_in_production(w)
    allocation = next(a for a in allocations if a.member_id == w.juana.id)
    delivery = delivery_record(
        allocation=allocation,
        received_on=timezone.localdate(),
        grade_a=1,
        grade_b=0,
        rework=0,
        rejected=0,
        by=w.rosa,
    )
    services.stock_receive_from_production(
        delivery=delivery, location=selling.shop, on=timezone.localdate(), by=w.rosa
    )


def test_a_piece_already_paid_at_a_piece_rate_gives_no_share_by_default(selling: Shop) -> None:
    w = selling.world
    _receive_production_sweater(selling)
    before = LedgerEntry.objects.filter(member=w.juana).balance()
    assert before == Decimal("45.00")  # her piece rate for grade A
    sell(w.client_for(w.teresa), selling, {f"q_{key(w.sweater, w.juana, 'production')}": "1"})
    assert LedgerEntry.objects.filter(member=w.juana).balance() == before
    assert FundEntry.objects.balance() == Decimal("180.00")


def test_unless_the_group_decides_otherwise(selling: Shop) -> None:
    w = selling.world
    _receive_production_sweater(selling)
    rosa = w.client_for(w.rosa)
    response = rosa.post(
        url("share_rule", w.camacani),
        {
            "mode": "percent",
            "maker_percent": "20",
            "fixed_per_piece": "0",
            "share_piece_rate": "on",
        },
    )
    assert response.status_code == 302
    sell(w.client_for(w.teresa), selling, {f"q_{key(w.sweater, w.juana, 'production')}": "1"})
    share = LedgerEntry.objects.get(member=w.juana, kind=EntryKind.SALE_SHARE)
    assert share.amount == Decimal("36.00")
    assert FundEntry.objects.balance() == Decimal("144.00")


def test_a_fixed_amount_per_piece(selling: Shop) -> None:
    w = selling.world
    services.share_rule_set(
        group=w.camacani,
        mode="fixed",
        maker_percent=Decimal(0),
        fixed_per_piece=Decimal("30"),
        share_piece_rate=False,
    )
    sell(w.client_for(w.teresa), selling, {f"q_{key(selling.scarf, w.maria)}": "3"})
    assert LedgerEntry.objects.get(member=w.maria).amount == Decimal("90.00")
    assert FundEntry.objects.balance() == Decimal("76.65")  # 166.65 - 90.00


def test_selling_a_sold_piece_or_more_than_there_is_changes_nothing(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    sell(teresa, selling, {f"q_{key(w.sweater, w.maria)}": "3"})
    counts = (
        Sale.objects.count(),
        SaleLine.objects.count(),
        StockMove.objects.count(),
        LedgerEntry.objects.count(),
        FundEntry.objects.count(),
    )
    response = sell(teresa, selling, {f"q_{key(w.sweater, w.maria)}": "1"}, follow=True)
    assert "En Tienda del centro solo hay 0 de «Chompa trenzada» de María" in (
        response.content.decode()
    )
    response = sell(
        teresa,
        selling,
        {f"q_{key(selling.scarf, w.juana)}": "1", f"q_{key(selling.scarf, w.maria)}": "6"},
        follow=True,
    )
    assert "solo hay 5 de «Chalina de alpaca» de María" in response.content.decode()
    after = (
        Sale.objects.count(),
        SaleLine.objects.count(),
        StockMove.objects.count(),
        LedgerEntry.objects.count(),
        FundEntry.objects.count(),
    )
    assert after == counts
    assert services.on_hand(selling.shop, selling.scarf, w.juana, "own") == 2


def test_bad_input_is_refused_with_a_message(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    cases = [
        {f"q_{key(w.sweater, w.maria)}": "uno"},
        {f"q_{key(w.sweater, w.maria)}": "-1"},
        {"q_not-a-key": "1"},
        {f"q_{key(w.sweater, w.juli_member)}": "1"},
        {},
        {f"q_{key(w.sweater, w.maria)}": "1", "total": "mucho"},
        {f"q_{key(w.sweater, w.maria)}": "1", "total": "0"},
        {f"q_{key(w.sweater, w.maria)}": "1", "method": "bitcoin"},
    ]
    for data in cases:
        response = sell(teresa, selling, data, follow=True)
        assert response.status_code == 200
        assert 'class="msg-error"' in response.content.decode(), data
    assert Sale.objects.count() == 0 and LedgerEntry.objects.count() == 0


def test_who_may_sell(selling: Shop) -> None:
    w = selling.world
    data = {f"q_{key(w.sweater, w.maria)}": "1"}
    assert sell(w.client_for(w.maria_user), selling, data).status_code == 403
    assert sell(w.client_for(w.lucia), selling, data).status_code == 404
    assert sell(w.client_for(w.sofia), selling, data).status_code == 403
    assert sell(w.client_for(w.rosa), selling, data).status_code == 302
    sale = Sale.objects.get()
    assert w.client_for(w.lucia).get(url("sale_detail", w.camacani, sale.id)).status_code == 404
    assert w.client_for(w.lucia).get(url("sale_detail", w.juli, sale.id)).status_code == 404


def test_a_sale_made_by_mistake_is_cancelled_once(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    sell(teresa, selling, {f"q_{key(w.sweater, w.maria)}": "2"})
    sale = Sale.objects.get()
    assert LedgerEntry.objects.filter(member=w.maria).balance() == Decimal("162.00")
    void_url = url("sale_void", w.camacani, sale.id)
    response = teresa.post(void_url, {"reason": ""}, follow=True)
    assert "Escriba el motivo de la anulación." in response.content.decode()
    response = teresa.post(void_url, {"reason": "Se registró dos veces"}, follow=True)
    html = response.content.decode()
    assert "Venta S1-CAM-V0001 anulada." in html and "ANULADA" in html
    assert services.on_hand(selling.shop, w.sweater, w.maria, "own") == 3
    assert LedgerEntry.objects.filter(member=w.maria).balance() == Decimal("0.00")
    assert member_money(w.maria).earned == Decimal("0.00")
    assert FundEntry.objects.balance() == Decimal("0.00")
    response = teresa.post(void_url, {"reason": "otra vez"}, follow=True)
    assert "Esta venta ya fue anulada." in response.content.decode()
    assert LedgerEntry.objects.count() == 2 and FundEntry.objects.count() == 2
    assert "anulada" in teresa.get(url("sales_home", w.camacani)).content.decode()
    csv_text = teresa.get(url("sales_report", w.camacani) + "?format=csv").content.decode()
    assert "Chompa" not in csv_text  # a cancelled sale is not income
    assert w.client_for(w.maria_user).post(void_url, {"reason": "x"}).status_code == 403
    assert w.client_for(w.lucia).post(void_url, {"reason": "x"}).status_code == 404
