"""Stock by place: pieces in, moves between places, and never below zero."""

from django.utils import timezone

from minka.conftest import order_in_production
from minka.production.services import delivery_record
from minka.sales.models import StockMove
from minka.sales.services import on_hand, stock_levels
from minka.sales.tests.conftest import Shop, key, url

TODAY = timezone.localdate().strftime("%d/%m/%Y")


def test_treasurer_adds_pieces_a_member_made_on_her_own(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    response = teresa.post(
        url("stock", w.camacani),
        {
            "location": selling.fair.id,
            "product": w.sweater.id,
            "maker": w.carmen.id,
            "quantity": "2",
            "on": TODAY,
        },
    )
    assert response.status_code == 302
    assert on_hand(selling.fair, w.sweater, w.carmen, "own") == 2
    page = teresa.get(url("stock", w.camacani)).content.decode()
    assert "Carmen Huanca Ccama" in page and "Feria de Puno" in page


def test_pieces_move_to_the_fair_and_no_more_than_the_shop_holds(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    move_url = url("stock_move", w.camacani, selling.shop.id)
    response = teresa.post(
        move_url, {"target": selling.fair.id, f"q_{key(selling.scarf, w.maria)}": "4"}
    )
    assert response.status_code == 302
    assert on_hand(selling.shop, selling.scarf, w.maria, "own") == 1
    assert on_hand(selling.fair, selling.scarf, w.maria, "own") == 4

    moves = StockMove.objects.count()
    response = teresa.post(
        move_url,
        {"target": selling.fair.id, f"q_{key(selling.scarf, w.maria)}": "2"},
        follow=True,
    )
    assert "En Tienda del centro solo hay 1 de «Chalina de alpaca» de María" in (
        response.content.decode()
    )
    assert StockMove.objects.count() == moves
    assert on_hand(selling.shop, selling.scarf, w.maria, "own") == 1
    assert all(level.quantity > 0 for level in stock_levels(w.camacani))


def test_accepted_pieces_from_production_come_into_stock_once(selling: Shop) -> None:
    w = selling.world
    _order, allocations = order_in_production(w)
    allocation = next(a for a in allocations if a.member_id == w.maria.id)
    delivery = delivery_record(
        allocation=allocation,
        received_on=timezone.localdate(),
        grade_a=1,
        grade_b=1,
        rework=0,
        rejected=1,
        defect="stain",
        by=w.rosa,
    )
    rosa = w.client_for(w.rosa)
    page = rosa.get(url("stock", w.camacani)).content.decode()
    assert "Pasar al stock" in page
    receive = url("receive_delivery", w.camacani, delivery.id)
    assert rosa.post(receive, {"location": selling.shop.id}).status_code == 302
    assert on_hand(selling.shop, w.sweater, w.maria, "production") == 2  # A + B, not rejected
    response = rosa.post(receive, {"location": selling.shop.id}, follow=True)
    assert "ya están en el stock" in response.content.decode()
    assert on_hand(selling.shop, w.sweater, w.maria, "production") == 2
    assert "Pasar al stock" not in rosa.get(url("stock", w.camacani)).content.decode()


def test_who_may_touch_stock(selling: Shop) -> None:
    w = selling.world
    move_url = url("stock_move", w.camacani, selling.shop.id)
    assert w.client_for(w.lucia).get(url("stock", w.camacani)).status_code == 404
    assert w.client_for(w.lucia).get(move_url).status_code == 404
    assert w.client_for(w.maria_user).get(url("stock", w.camacani)).status_code == 403
    assert w.client_for(w.maria_user).post(move_url, {}).status_code == 403
    assert w.client_for(w.sofia).get(url("stock", w.camacani)).status_code == 200
    assert w.client_for(w.sofia).post(move_url, {}).status_code == 403
    # A place of another group is not found, even for Camacani's coordinator.
    juli_url = url("stock_move", w.juli, selling.shop.id)
    assert w.client_for(w.rosa).get(juli_url).status_code == 404
