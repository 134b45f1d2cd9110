"""The quick sale in a real browser (headless Chromium) on a phone-sized screen, as
Teresa, Camacani's treasurer, uses it at the fair in Puno."""

from decimal import Decimal

import pytest
from django.utils import timezone

from minka.conftest import World, browser_login
from minka.ledger.models import EntryKind, LedgerEntry
from minka.production.models import Product
from minka.sales import services
from minka.sales.models import FundEntry, LocationKind, Sale

pytestmark = pytest.mark.browser


def test_treasurer_sells_at_the_fair_on_her_phone(chromium, live_server, live_world: World):
    w = live_world
    today = timezone.localdate()
    fair = services.location_create(group=w.camacani, name="Feria de Puno", kind=LocationKind.FAIR)
    scarf = Product.objects.create(
        group=w.camacani,
        code="CH-02",
        name="Chalina de alpaca",
        technique=w.knitting,
        standard_minutes=240,
        rate_a=Decimal("20.00"),
        rate_b=Decimal("12.00"),
        wholesale_price=Decimal("14.00"),
        retail_price=Decimal("55.55"),
    )
    for product, maker, n in ((w.sweater, w.maria, 2), (scarf, w.juana, 3)):
        services.stock_add_own(
            location=fair, product=product, maker=maker, quantity=n, on=today, by=w.teresa
        )

    page = chromium.new_page(
        viewport={"width": 390, "height": 844}, locale="es-PE", is_mobile=True, has_touch=True
    )
    base = live_server.url
    browser_login(page, base, "teresa")
    page.goto(f"{base}/g/{w.camacani.id}/sales/sell/")
    sweater = page.locator(".piece", has_text="Chompa trenzada")
    scarves = page.locator(".piece", has_text="Chalina de alpaca")
    sweater.locator("button.plus").tap()
    scarves.locator("button.plus").tap()
    scarves.locator("button.plus").tap()
    # The list total appears as she taps: 180.00 + 2 x 55.55.
    assert page.get_attribute("#total", "placeholder") == "291.10"
    # She gives a fair price for the three, and the buyer pays with Yape.
    page.fill("#total", "280")
    page.locator("label.method", has_text="Yape").tap()
    # Nothing on the screen is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="var/shots/quick-sale-phone.png", full_page=True)
    with page.expect_navigation():
        page.locator("#charge").tap()

    assert "Venta S1-CAM-V0001 registrada" in page.content()
    assert page.locator("[data-testid=total]").inner_text() == "S/ 280.00"
    page.screenshot(path="var/shots/sale-receipt-phone.png", full_page=True)

    sale = Sale.objects.get()
    assert sale.method == "yape" and sale.total == Decimal("280.00")
    maria = LedgerEntry.objects.get(member=w.maria, kind=EntryKind.SALE_SHARE).amount
    juana = LedgerEntry.objects.get(member=w.juana, kind=EntryKind.SALE_SHARE).amount
    fund = FundEntry.objects.balance()
    assert maria + juana + fund == Decimal("280.00")
    # 280 split 180 : 111.10 -> 173.14 and 106.86; María 45 % of 173.14 = 77.91.
    assert (maria, juana) == (Decimal("77.91"), Decimal("48.08"))
    assert services.on_hand(fair, w.sweater, w.maria, "own") == 1
    assert services.on_hand(fair, scarf, w.juana, "own") == 1

    # The sales page lists the sale; the fund shows its share.
    page.goto(f"{base}/g/{w.camacani.id}/sales/")
    assert "S1-CAM-V0001" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="var/shots/sales-home-phone.png", full_page=True)
    page.goto(f"{base}/g/{w.camacani.id}/sales/fund/")
    assert page.locator("[data-testid=fund-balance]").inner_text() == "S/ 154.01"
