"""Fair pay: the default wage, the design table, and the product form's warning."""

from decimal import Decimal

import pytest
from django.urls import reverse

from minka.conftest import World
from minka.members.fairpay import DEFAULT_FAIR_HOURLY_WAGE, hourly_pay, pays_fairly
from minka.organisation.tests.conftest import Desk
from minka.production.models import Product

pytestmark = pytest.mark.django_db


def test_default_fair_wage_is_the_minimum_wage_over_a_48_hour_week() -> None:
    # 1,130 / (48 x 52 / 12) = 5.4326... an hour.
    assert Decimal("5.43") == DEFAULT_FAIR_HOURLY_WAGE
    assert hourly_pay(Decimal("45.00"), 600) == Decimal("4.50")
    assert pays_fairly(Decimal("54.30"), 600, Decimal("5.43"))
    assert not pays_fairly(Decimal("54.29"), 600, Decimal("5.43"))


def test_fair_pay_page_flags_designs_below_the_wage_and_saves_a_wage(desk: Desk) -> None:
    client = desk.world.client_for(desk.world.sofia)
    url = reverse("fair_pay", args=[desk.world.org.id])
    text = client.get(url).content.decode()
    assert "CH-01 Chompa trenzada" in text
    assert "bajo el pago justo" in text
    assert "DS 006-2024-TR" in text
    assert client.post(url, {"wage": "-1"}).status_code == 200  # refused by the form
    assert client.post(url, {"wage": "3.00"}).status_code == 302
    desk.world.org.refresh_from_db()
    assert desk.world.org.fair_hourly_wage == Decimal("3.00")
    assert "bajo el pago justo" not in client.get(url).content.decode()
    assert client.get(url, {"group": "not-a-uuid"}).status_code == 200


def _product(world: World, rate_a: str) -> dict[str, str]:
    return {
        "code": "GO-01",
        "name": "Gorro",
        "technique": str(world.knitting.id),
        "min_level": "1",
        "standard_minutes": "120",
        "rate_a": rate_a,
        "rate_b": rate_a,
        "wholesale_price": "10",
        "wholesale_currency": "USD",
        "retail_price": "40",
        "form-TOTAL_FORMS": "0",
        "form-INITIAL_FORMS": "0",
    }


def test_product_form_warns_when_a_rate_is_under_the_fair_wage(world: World) -> None:
    client = world.client_for(world.rosa)
    url = reverse("product_create", args=[world.camacani.id])
    assert "Pago justo: S/ 5.43 por hora" in client.get(url).content.decode()
    # S/ 10 for two hours is S/ 5.00 an hour: saved, with a warning.
    response = client.post(url, _product(world, "10.00"), follow=True)
    text = response.content.decode()
    assert Product.objects.filter(code="GO-01").exists()
    assert "S/ 5.00 por hora en grado A" in text
    # S/ 11 for two hours pays S/ 5.50: no warning.
    data = _product(world, "11.00")
    data["code"] = "GO-02"
    text = client.post(url, data, follow=True).content.decode()
    assert Product.objects.filter(code="GO-02").exists()
    assert "menos que el pago justo" not in text
