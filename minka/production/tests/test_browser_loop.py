"""The whole loop in a real browser (headless Chromium), as the coordinator and the
treasurer of Camacani would click through it on the centre's laptop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from minka.conftest import World, browser_login
from minka.ledger.models import LedgerEntry
from minka.production.models import Allocation, Delivery, MaterialMove, Order, OrderStatus

pytestmark = pytest.mark.browser


def test_coordinator_runs_an_order_through_the_loop(chromium, live_server, live_world: World):
    world = live_world
    page = chromium.new_page(viewport={"width": 1200, "height": 900}, locale="es-PE")
    base = live_server.url
    browser_login(page, base, "rosa")
    # One group: the dashboard opens straight away.
    assert page.locator("h1").inner_text().startswith("Asociación Camacani")

    page.click("text=Nuevo pedido")
    page.select_option("#id_buyer", label="Andean Threads Cooperative")
    page.select_option("#id_currency", "USD")
    page.fill("#id_exchange_rate", "3.75")
    page.fill("#id_deadline", (timezone.localdate() + timedelta(days=60)).strftime("%d/%m/%Y"))
    page.click("button.primary")
    assert "Pedido S1-CAM-P0001 creado" in page.content()

    page.select_option("#id_product", label="CH-01 Chompa trenzada")
    page.fill("#id_quantity", "6")
    page.fill("#id_unit_price", "38.00")
    page.click("button:has-text('Agregar')")
    assert "US$ 228.00" in page.content()
    page.click("text=Confirmar pedido")
    assert Order.objects.get().status == OrderStatus.CONFIRMED

    page.click("text=Repartir")
    assert "Quedan" in page.content() and "6" in page.locator("p strong").first.inner_text()
    assert page.input_value(f"input[name=m_{world.maria.id}]") == "3"
    page.click("text=Confirmar reparto")
    assert "Reparto confirmado: 2 socias" in page.content()
    assert Allocation.objects.count() == 2

    maria_row = page.locator("tr", has_text="María Quispe Mamani")
    maria_row.locator("text=Insumos").click()
    page.select_option("#id_material", label="Hilo alpaca baby — Crudo")
    page.fill("#id_grams", "1400")
    page.click("button.primary")
    assert "Insumos registrados" in page.content()
    assert MaterialMove.objects.get().grams == 1400

    page.go_back()
    page.go_back()
    page.reload()
    page.locator("tr", has_text="María Quispe Mamani").locator("text=Entrega").click()
    page.fill("#id_quantity", "3")
    page.fill("#id_grade_a", "2")
    page.fill("#id_grade_b", "0")
    page.fill("#id_rework", "0")
    page.fill("#id_rejected", "1")
    page.select_option("#id_defect", "stain")
    page.click("button.primary")
    assert "Entrega de María Quispe Mamani registrada" in page.content()
    assert Delivery.objects.count() == 1
    assert LedgerEntry.objects.filter(member=world.maria).balance() == 90
    page.screenshot(path="var/shots/order-detail.png", full_page=True)

    # The treasurer pays María what she is owed and prints her receipt.
    page.click("text=Salir")
    browser_login(page, base, "teresa")
    page.click("nav >> text=Cuentas")
    page.locator("tr", has_text="María Quispe Mamani").locator("a", has_text="Pagar").click()
    assert page.input_value("#id_amount") in {"90.00", "90"}
    page.click("button.primary")
    assert "Pago registrado" in page.content()
    receipt_url = page.get_attribute("[data-testid=print]", "href")
    pdf = page.request.get(f"{base}{receipt_url}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert LedgerEntry.objects.filter(member=world.maria).balance() == 0
    page.screenshot(path="var/shots/payout-done.png", full_page=True)
    page.close()

    # María opens her own page on her phone: pieces, money, nothing owed.
    phone = chromium.new_page(viewport={"width": 390, "height": 844}, locale="es-PE")
    browser_login(phone, base, "maria")
    assert phone.locator("h1").inner_text().startswith("María Quispe Mamani")
    assert phone.locator("[data-testid=balance]").inner_text() == "S/ 0.00"
    assert "Cuentas" not in phone.locator("nav").inner_text()
    phone.screenshot(path="var/shots/member-phone.png", full_page=True)
