"""Selling in Camacani: the group's shop, a fair, and the Mama Killa partner store in
Cusco (30 % commission). María made 3 sweaters and 5 scarves on her own; Juana 2 scarves.

The sweater sells at S/ 180.00; the scarf at S/ 55.55 (odd cents on purpose)."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.members.models import Group
from minka.production.models import Product
from minka.sales import services
from minka.sales.models import Location, LocationKind

TODAY = timezone.localdate()


def url(name: str, group: Group, *args: object) -> str:
    return reverse(name, args=[group.id, *args])


def key(product: Product, maker: object, origin: str = "own") -> str:
    return f"{product.pk}_{maker.pk}_{origin}"  # type: ignore[attr-defined]  # maker is a Member or a stand-in with a pk


@dataclass
class Shop:
    world: World
    shop: Location
    fair: Location
    store: Location
    scarf: Product


@pytest.fixture
def selling(world: World) -> Shop:
    g = world.camacani
    shop = services.location_create(group=g, name="Tienda del centro", kind=LocationKind.SHOP)
    fair = services.location_create(group=g, name="Feria de Puno", kind=LocationKind.FAIR)
    store = services.location_create(
        group=g, name="Mama Killa Cusco", kind=LocationKind.STORE, commission_percent=Decimal(30)
    )
    scarf = Product.objects.create(
        group=g,
        code="CH-02",
        name="Chalina de alpaca",
        technique=world.knitting,
        standard_minutes=240,
        rate_a=Decimal("20.00"),
        rate_b=Decimal("12.00"),
        wholesale_price=Decimal("14.00"),
        retail_price=Decimal("55.55"),
    )
    for product, maker, n in (
        (world.sweater, world.maria, 3),
        (scarf, world.maria, 5),
        (scarf, world.juana, 2),
    ):
        services.stock_add_own(
            location=shop, product=product, maker=maker, quantity=n, on=TODAY, by=world.teresa
        )
    return Shop(world, shop, fair, store, scarf)
