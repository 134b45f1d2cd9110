"""Every selling page reads its input through a form: a bad date, number or choice gets
a message in Teresa's language, nothing is written, and no value is quietly replaced."""

from decimal import Decimal

from django.utils import timezone

from minka.conftest import order_in_production
from minka.ledger.models import LedgerEntry
from minka.production.services import delivery_record
from minka.sales.models import Location, LocationKind, Sale, SaleVoid, StockMove
from minka.sales.services import location_create
from minka.sales.tests.conftest import Shop, key, url


def english(client):  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_a_price_typed_with_a_comma_is_refused_not_misread(selling: Shop) -> None:
    """'120,50' used to be read as S/ 12,050: now Teresa is asked to write it again."""
    w = selling.world
    teresa = w.client_for(w.teresa)
    data = {f"q_{key(w.sweater, w.maria)}": "1", "method": "cash", "total": "120,50"}
    page = teresa.post(url("quick_sale", w.camacani), data, follow=True).content.decode()
    assert "Escriba el precio con números, por ejemplo 120.50." in page
    assert Sale.objects.count() == 0 and LedgerEntry.objects.count() == 0
    # Thousands with a comma are still how people write them.
    data["total"] = "S/ 1,234.50"
    teresa.post(url("quick_sale", w.camacani), data)
    assert Sale.objects.get().total == Decimal("1234.50")


def test_bad_numbers_and_choices_on_the_sale_screen_speak_her_language(selling: Shop) -> None:
    w = selling.world
    teresa = english(w.client_for(w.teresa))
    sale_url = url("quick_sale", w.camacani)
    piece = f"q_{key(w.sweater, w.maria)}"
    cases = [
        ({piece: "1e9", "method": "cash"}, "Enter the quantities as whole numbers."),
        ({piece: "1", "method": "cash", "total": "mucho"}, "Enter the price in figures"),
        ({piece: "1", "method": "bitcoin"}, "Choose the payment method."),
    ]
    for data, message in cases:
        page = teresa.post(sale_url, data, follow=True).content.decode()
        assert message in page, data
    assert Sale.objects.count() == 0 and StockMove.objects.filter(sale__isnull=False).count() == 0


def test_a_bad_date_on_a_store_page_is_said_not_swallowed(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    store_url = url("store_detail", w.camacani, selling.store.id)
    page = teresa.get(store_url + "?start=31/02/2026&end=01/03/2026").content.decode()
    assert "Escriba las fechas como dd/mm/aaaa." in page
    first = timezone.localdate().replace(day=1)
    assert f'name="start" value="{first:%d/%m/%Y}"' in page  # the period shown is said
    page = english(teresa).get(store_url + "?start=ayer").content.decode()
    assert "Enter the dates as dd/mm/yyyy." in page
    ok = teresa.get(store_url + "?start=01/01/2026&end=31/01/2026").content.decode()
    assert "dd/mm/yyyy" not in ok and 'name="start" value="01/01/2026"' in ok


def test_pieces_go_only_to_a_place_of_the_group(selling: Shop) -> None:
    w = selling.world
    elsewhere = location_create(group=w.juli, name="Tienda Juli", kind=LocationKind.SHOP)
    teresa = w.client_for(w.teresa)
    moves = StockMove.objects.count()
    page = teresa.post(
        url("stock_move", w.camacani, selling.shop.id),
        {"target": elsewhere.id, f"q_{key(selling.scarf, w.maria)}": "1"},
        follow=True,
    ).content.decode()
    assert "Elija a dónde van las piezas." in page
    page = teresa.post(
        url("stock_move", w.camacani, selling.shop.id),
        {"target": selling.fair.id, f"q_{key(selling.scarf, w.maria)}": "dos"},
        follow=True,
    ).content.decode()
    assert "Escriba las cantidades con números enteros." in page
    assert StockMove.objects.count() == moves
    assert Location.objects.filter(group=w.camacani).count() == 3


def test_accepted_pieces_need_a_place_that_exists(selling: Shop) -> None:
    w = selling.world
    _order, allocations = order_in_production(w)
    allocation = next(a for a in allocations if a.member_id == w.maria.id)
    delivery = delivery_record(
        allocation=allocation,
        received_on=timezone.localdate(),
        grade_a=2,
        grade_b=0,
        rework=0,
        rejected=0,
        defect="",
        by=w.rosa,
    )
    rosa = w.client_for(w.rosa)
    receive = url("receive_delivery", w.camacani, delivery.id)
    for junk in ("", "x", str(selling.store.id), str(w.juli.id)):
        page = rosa.post(receive, {"location": junk}, follow=True)
        assert page.status_code == 200
        assert "Elija el lugar." in page.content.decode(), junk
    assert not StockMove.objects.filter(delivery=delivery).exists()
    page = english(rosa).post(receive, {"location": "x"}, follow=True).content.decode()
    assert "Choose the place." in page


def test_a_reason_too_long_is_refused_not_cut(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    teresa.post(
        url("quick_sale", w.camacani), {f"q_{key(w.sweater, w.maria)}": "1", "method": "cash"}
    )
    sale = Sale.objects.get()
    void_url = url("sale_void", w.camacani, sale.id)
    page = teresa.post(void_url, {"reason": "x" * 151}, follow=True).content.decode()
    assert "Escriba el motivo en 150 letras como máximo." in page
    assert not SaleVoid.objects.exists()
    page = english(teresa).post(void_url, {"reason": "y" * 200}, follow=True).content.decode()
    assert "Write the reason in 150 characters at most." in page
    teresa.post(void_url, {"reason": "z" * 150})
    assert SaleVoid.objects.get().reason == "z" * 150


def test_an_unknown_report_format_is_said(selling: Shop) -> None:
    w = selling.world
    rosa = w.client_for(w.rosa)
    response = rosa.get(url("sales_report", w.camacani) + "?format=pdf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Ese formato no existe: elija CSV o Excel." in response.content.decode()
    csv = rosa.get(url("sales_report", w.camacani) + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
