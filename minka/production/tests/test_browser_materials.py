"""The centre's materials and the logins screen in a real browser (headless Chromium)
on a 360 px phone: Rosa hands María two colours in one hand-out; nothing is wider than
the phone."""

from decimal import Decimal

import pytest
from django.utils import timezone

from minka.conftest import World, browser_login
from minka.production import stock
from minka.production.models import Material, MaterialMove, MoveKind

pytestmark = pytest.mark.browser


def test_coordinator_hands_out_two_colours_on_her_phone(chromium, live_server, live_world: World):
    w = live_world
    today = timezone.localdate()
    grey = Material.objects.create(group=w.camacani, name="Hilo alpaca baby", colour="Gris")
    for material, lot in ((w.yarn, "L-12"), (grey, "L-7")):
        stock.materials_receive(
            group=w.camacani,
            material=material,
            lot=lot,
            grams=Decimal("1000"),
            source="bought",
            received_on=today,
            by=w.rosa,
        )
    page = chromium.new_page(
        viewport={"width": 360, "height": 780}, locale="es-PE", is_mobile=True, has_touch=True
    )
    base = live_server.url
    browser_login(page, base, "rosa")
    page.goto(f"{base}/g/{w.camacani.id}/materials/hand-out/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.select_option("#id_member", str(w.maria.id))
    page.select_option("#id_lines-0-stock", f"{w.yarn.id}|L-12")
    page.fill("#id_lines-0-grams", "450")
    page.select_option("#id_lines-1-stock", f"{grey.id}|L-7")
    page.fill("#id_lines-1-grams", "200")
    with page.expect_navigation():
        page.locator("button.primary.big").tap()
    assert "Entregado a María Quispe Mamani: 2 insumos." in page.content()
    assert MaterialMove.objects.filter(kind=MoveKind.ISSUE).count() == 2
    # The stock page and the logins screen fit the phone too.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for path in ("materials/receive/", "materials/count/"):
        page.goto(f"{base}/g/{w.camacani.id}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{base}/accounts/users/{w.camacani.id}/")
    assert "Socias sin usuario" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
