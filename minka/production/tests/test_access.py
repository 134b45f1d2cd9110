"""Who sees what: the coordinator, the treasurer, a member, staff, and an outsider."""

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, order_in_production
from minka.production.models import Order


def camacani_urls(world: World) -> dict[str, str]:
    order, allocations = order_in_production(world, quantity=4)
    g = world.camacani.id
    return {
        "dashboard": reverse("dashboard", args=[g]),
        "orders": reverse("order_list", args=[g]),
        "order": reverse("order_detail", args=[g, order.id]),
        "allocate": reverse("line_allocate", args=[g, order.lines.get().id]),
        "delivery": reverse("delivery_create", args=[g, allocations[0].id]),
        "members": reverse("member_list", args=[g]),
        "member_new": reverse("member_create", args=[g]),
        "statement_maria": reverse("member_statement", args=[g, world.maria.id]),
        "statement_juana": reverse("member_statement", args=[g, world.juana.id]),
        "materials": reverse("material_move_create", args=[g, world.maria.id]),
        "products": reverse("product_list", args=[g]),
        "product_new": reverse("product_create", args=[g]),
    }


def test_outsider_sees_nothing_of_another_group(world: World) -> None:
    urls = camacani_urls(world)
    lucia = world.client_for(world.lucia)
    for name, path in urls.items():
        assert lucia.get(path).status_code == 404, name
        assert lucia.post(path, {}).status_code in {404, 405}, name
    # Her own group is fine, and Camacani is not listed on her home page.
    assert lucia.get(reverse("dashboard", args=[world.juli.id])).status_code == 200
    home = lucia.get("/", follow=True).content.decode()
    assert "Camacani" not in home


def test_ids_of_one_group_do_not_open_under_another(world: World) -> None:
    urls = camacani_urls(world)
    order = Order.objects.get()
    lucia = world.client_for(world.lucia)
    # Lucía puts a Camacani order id under her own group's address.
    forged = reverse("order_detail", args=[world.juli.id, order.id])
    assert lucia.get(forged).status_code == 404
    forged = reverse("member_statement", args=[world.juli.id, world.maria.id])
    assert lucia.get(forged).status_code == 404
    assert urls  # the Camacani records exist


def test_member_sees_only_her_own_page(world: World) -> None:
    urls = camacani_urls(world)
    maria = world.client_for(world.maria_user)
    assert maria.get(urls["statement_maria"]).status_code == 200
    assert maria.get(urls["statement_juana"]).status_code == 404
    for name in (
        "orders",
        "order",
        "allocate",
        "delivery",
        "members",
        "member_new",
        "materials",
        "products",
        "product_new",
    ):
        assert maria.get(urls[name]).status_code == 403, name
    # Her home and the group dashboard both take her to her own page.
    assert maria.get("/").url == urls["statement_maria"]
    assert maria.get(urls["dashboard"]).url == urls["statement_maria"]


@pytest.mark.parametrize("who", ["teresa", "sofia"])
def test_treasurer_and_staff_can_look_but_not_manage_production(world: World, who: str) -> None:
    urls = camacani_urls(world)
    client = world.client_for(getattr(world, who))
    for name in (
        "dashboard",
        "orders",
        "order",
        "members",
        "statement_maria",
        "statement_juana",
        "products",
    ):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("allocate", "delivery", "member_new", "materials", "product_new"):
        assert client.get(urls[name]).status_code == 403, name
    before = Order.objects.count()
    r = client.post(
        reverse("order_create", args=[world.camacani.id]),
        {
            "buyer": world.buyer.id,
            "currency": "PEN",
            "ordered_on": timezone.localdate(),
            "deadline": timezone.localdate(),
        },
    )
    assert r.status_code == 403 and Order.objects.count() == before


def test_anonymous_visitor_is_sent_to_log_in(client, world: World) -> None:
    urls = camacani_urls(world)
    for name, path in urls.items():
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response.url, name
