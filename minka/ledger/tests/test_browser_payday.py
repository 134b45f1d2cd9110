"""Pay day in a real browser (headless Chromium): Teresa opens the plan and pays every
woman with one tap, on a 360 px phone and on the centre's laptop, counting what she does
and the pages that load, with nothing wider than the screen."""

from decimal import Decimal

import pytest
from django.utils import timezone

from minka.conftest import World, browser_login
from minka.ledger.models import Payout
from minka.ledger.selectors import member_balance
from minka.ledger.services import earning_add

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("width", "height", "mobile"), [(360, 640, True), (1280, 800, False)], ids=["phone", "laptop"]
)
def test_teresa_pays_everyone_from_the_plan_in_one_action(
    chromium, live_server, live_world: World, width: int, height: int, mobile: bool
):
    w = live_world
    for member, amount in ((w.maria, "32.07"), (w.juana, "15.55"), (w.carmen, "120.34")):
        earning_add(
            member=member,
            quantity=1,
            unit_amount=Decimal(amount),
            description="Chompa trenzada",
            entry_date=timezone.localdate(),
        )
    page = chromium.new_page(
        viewport={"width": width, "height": height},
        locale="es-PE",
        is_mobile=mobile,
        has_touch=mobile,
    )
    base = live_server.url
    browser_login(page, base, "teresa")
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    actions = 0

    page.goto(f"{base}/g/{w.camacani.id}/money/payday/")
    assert page.locator("[data-testid=owed-total]").inner_text() == "S/ 167.96"
    assert page.locator("[data-testid=to-pay]").inner_text() == "S/ 167.80"
    assert page.locator("[data-testid=left]").inner_text() == "S/ 0.16"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"var/shots/payday-plan-{width}.png", full_page=True)

    button = page.locator("[data-testid=pay-all]")
    assert button.inner_text() == "Pagar S/ 167.80 a las 3 socias"
    with page.expect_navigation():
        if mobile:
            button.tap()
        else:
            button.click()
    actions += 1
    page.wait_for_load_state()
    assert "3 pagos registrados" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"var/shots/payday-done-{width}.png", full_page=True)

    # One action, two page loads (the plan, then what was paid), for every woman at once.
    assert actions == 1
    assert len(loads) == 2, loads
    assert Payout.objects.count() == 3
    assert [member_balance(m) for m in (w.maria, w.juana, w.carmen)] == [
        Decimal("0.07"),
        Decimal("0.05"),
        Decimal("0.04"),
    ]
    sheet = page.locator("[data-testid=pay-sheet]").get_attribute("href")
    assert sheet and "sheet.pdf?ids=" in sheet
    response = page.request.get(base + sheet)
    assert response.status == 200 and response.body().startswith(b"%PDF")
