"""The delivery day in real Chromium, by keyboard alone, on a 360 px phone and on a
laptop: each woman's pieces typed, Enter saves her row, the next row takes the focus,
and no page loads between rows. Counts actions (Enter presses and clicks) and page
loads; bench/delivery_day.py runs the last test with 20 women, the old per-woman form
against the new page, and records the figures."""

import json
import os
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, browser_login
from minka.members.models import Member, Skill
from minka.production import services
from minka.production.models import Allocation, Delivery, Order, OrderStatus, Product

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
LAPTOP = {"width": 1280, "height": 800}


def knitters(world: World, women: int) -> list[Member]:
    members = [world.maria, world.juana]
    for i in range(3, women + 1):
        m = Member.objects.create(
            group=world.camacani,
            number=100 + i,
            first_name=f"Socia{i}",
            last_name="Mamani",
            community="Camacani",
            hours_per_week=30,
        )
        Skill.objects.create(member=m, technique=world.knitting, level=2)
        members.append(m)
    Member.objects.filter(pk__in=[world.maria.pk, world.juana.pk]).tracked_update(hours_per_week=30)
    return members[:women]


def order_for_them(world: World, members: list[Member]) -> Order:
    """Each woman owes 3 sweaters; every other one also owes 3 hats."""
    hat = Product.objects.get_or_create(
        group=world.camacani,
        code="GO-01",
        defaults={
            "name": "Gorro",
            "technique": world.knitting,
            "min_level": 1,
            "standard_minutes": 60,
            "rate_a": Decimal("12.00"),
            "rate_b": Decimal("8.00"),
            "wholesale_price": Decimal("9.00"),
            "retail_price": Decimal("40.00"),
        },
    )[0]
    order = services.order_create(
        group=world.camacani,
        buyer=world.buyer,
        currency="PEN",
        exchange_rate=Decimal("1"),
        deadline=timezone.localdate() + timedelta(days=90),
        by=world.rosa,
    )
    hats = members[::2]
    sweaters = services.order_line_add(
        order=order, product=world.sweater, quantity=3 * len(members), unit_price=Decimal("140")
    )
    hat_line = services.order_line_add(
        order=order, product=hat, quantity=3 * len(hats), unit_price=Decimal("35")
    )
    services.order_set_status(order=order, status=OrderStatus.CONFIRMED)
    services.allocations_confirm(line=sweaters, pieces={m.id: 3 for m in members}, by=world.rosa)
    services.allocations_confirm(line=hat_line, pieces={m.id: 3 for m in hats}, by=world.rosa)
    return order


class Counter:
    """Page loads of the main frame, seen by the browser."""

    def __init__(self, page: Any) -> None:
        self.loads = 0
        page.on("load", lambda _page: self._load())

    def _load(self) -> None:
        self.loads += 1


def no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def new_flow(
    page: Any, base: str, world: World, members: list[Member], pieces: str = "2"
) -> dict[str, int]:
    """The delivery day by keyboard: in each row type what came (all A), Enter."""
    page.goto(f"{base}{reverse('delivery_day', args=[world.camacani.id])}")
    counter = Counter(page)
    actions = typed = 0
    first = page.locator(f"#m-{members[0].id} input.day-qty").first
    first.focus()
    for m in members:
        row = page.locator(f"#m-{m.id}")
        arrived = row.locator("input[name$='-arrived']")
        for i in range(arrived.count()):
            if i:  # the next design of her row: Tab past A, B, rework, rejected, defect
                for _ in range(6):
                    page.keyboard.press("Tab")
            page.keyboard.type(pieces)
            typed += 1
        page.keyboard.press("Enter")
        actions += 1
        page.locator(f"#m-{m.id} [data-saved]").wait_for()
        assert no_sideways_scroll(page)
    return {"actions": actions, "typed": typed, "loads": counter.loads}


def old_flow(page: Any, base: str, world: World, order: Order) -> dict[str, int]:
    """The per-woman form, as before: on the order, «Entrega» of one allocation, fill
    what came and its grades, save; back on the order for the next one."""
    page.goto(f"{base}{reverse('order_detail', args=[world.camacani.id, order.id])}")
    counter = Counter(page)
    actions = typed = 0
    for a in Allocation.objects.filter(line__order=order).order_by("member__number"):
        page.click(f"a[href$='/allocations/{a.id}/delivery/']")
        actions += 1
        page.wait_for_load_state()
        page.fill("#id_quantity", "3")
        page.fill("#id_grade_a", "3")
        typed += 2
        page.click("button.primary")
        actions += 1
        page.wait_for_load_state()
        assert "registrada" in page.content()
    return {"actions": actions, "typed": typed, "loads": counter.loads}


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_day_of_deliveries_by_keyboard(
    chromium, live_server, live_world: World, viewport
) -> None:
    world = live_world
    members = knitters(world, 4)
    order_for_them(world, members)
    page = chromium.new_page(viewport=viewport, locale="es-PE")
    browser_login(page, live_server.url, "rosa")
    figures = new_flow(page, live_server.url, world, members)
    assert figures["loads"] == 0
    assert figures["actions"] == len(members)  # one Enter per woman
    assert Delivery.objects.count() == 6  # 4 sweaters' rows, 2 of them with hats too
    assert no_sideways_scroll(page)
    # A bad row: rejected pieces with no defect; the error is on her row, nothing saved.
    page.reload()
    row = page.locator(f"#m-{members[0].id}")
    row.locator("input[name$='-arrived']").first.focus()
    page.keyboard.type("1")
    row.locator("input[name$='-rejected']").first.fill("1")
    page.keyboard.press("Enter")
    page.locator(f"#m-{members[0].id} .errorlist").wait_for()
    assert Delivery.objects.count() == 6
    page.screenshot(path=f"var/shots/delivery-day-{viewport['width']}.png", full_page=True)


@pytest.mark.skipif(
    not os.environ.get("MINKA_BENCH_DELIVERY_OUT"), reason="bench/delivery_day.py runs it"
)
def test_twenty_women_before_and_after(chromium, live_server, live_world: World) -> None:
    world = live_world
    members = knitters(world, int(os.environ.get("MINKA_BENCH_WOMEN", "20")))
    order = order_for_them(world, members)
    results: dict[str, Any] = {
        "women": len(members),
        "allocations": Allocation.objects.filter(line__order=order).count(),
    }
    page = chromium.new_page(viewport=LAPTOP, locale="es-PE")
    browser_login(page, live_server.url, "rosa")
    results["before"] = old_flow(page, live_server.url, world, order)
    # The same women and pieces again, on the new page (a new order of the same shape).
    for viewport, name in ((LAPTOP, "after_laptop"), (PHONE, "after_phone")):
        order_for_them(world, members)
        page = chromium.new_page(viewport=viewport, locale="es-PE")
        browser_login(page, live_server.url, "rosa")
        results[name] = new_flow(page, live_server.url, world, members, pieces="3")
    with open(os.environ["MINKA_BENCH_DELIVERY_OUT"], "w") as out:
        json.dump(results, out, indent=2)
