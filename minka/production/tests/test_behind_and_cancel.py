"""Who is behind, moving her pieces to who has free hours (only when Rosa confirms), and
cancelling a delivery that was already paid, with words María can read."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, order_in_production
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import payout_make
from minka.production import services
from minka.production.models import Allocation, AllocationMove, Delivery, DeliveryVoid
from minka.production.rebalance import rebalance_plan
from minka.production.selectors import allocation_progress, members_behind, order_progress


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


@pytest.fixture
def month_old(world: World):
    """Six sweaters shared out a month ago, due in two months: María has made none,
    Juana has brought all three of hers."""
    order, allocations = order_in_production(world, quantity=6)
    for a in allocations:
        Allocation.objects.filter(pk=a.pk).tracked_update(
            created_at=timezone.now() - timedelta(days=30)
        )
    juana = next(a for a in allocations if a.member_id == world.juana.id)
    services.delivery_record(
        allocation=juana,
        received_on=timezone.localdate(),
        grade_a=3,
        grade_b=0,
        rework=0,
        rejected=0,
        by=world.rosa,
    )
    return world, order, allocations


def test_pace_says_who_is_behind(month_old) -> None:
    world, order, _ = month_old
    today = timezone.localdate()
    rows = {r.allocation.member_id: r for r in order_progress(today=today, order=order)}
    maria, juana = rows[world.maria.id], rows[world.juana.id]
    assert (maria.allocated, maria.delivered, maria.accepted, maria.due) == (3, 0, 0, 3)
    assert maria.behind and maria.short == 3 and maria.projected == 0
    assert (juana.delivered, juana.accepted, juana.due, juana.behind) == (3, 3, 0, False)
    assert [r.allocation.member_id for r in members_behind(world.camacani, today)] == [
        world.maria.id
    ]
    # A week into an allocation nobody is judged on pace yet.
    assert not order_progress(today=today - timedelta(days=25), order=order)[0].behind
    # Past the date with pieces due: behind, whatever the pace.
    late = today + timedelta(days=61)
    assert {r.allocation.member_id for r in members_behind(world.camacani, late)} == {
        world.maria.id
    }


def test_moving_pieces_waits_for_the_coordinator_and_happens_once(month_old) -> None:
    world, order, allocations = month_old
    g = world.camacani.id
    rosa = world.client_for(world.rosa)
    page = rosa.get(url("members_behind", g))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Atrasada: 3 piezas" in text
    assert "Pasar 3 piezas de María Quispe Mamani a Juana Condori Apaza." in text
    assert Allocation.objects.get(member=world.maria).quantity == 3  # nothing moved yet
    assert "Avance y atrasos" in rosa.get(url("order_detail", g, order.id)).content.decode()

    line = allocations[0].line
    plan = rebalance_plan(line=line)
    path = url("line_rebalance", g, line.id)
    assert (
        world.client_for(world.teresa).post(path, {"fingerprint": plan.fingerprint}).status_code
        == 403
    )
    assert (
        world.client_for(world.lucia).post(path, {"fingerprint": plan.fingerprint}).status_code
        == 404
    )
    stale = rosa.post(path, {"fingerprint": "x:y:1"}, follow=True)
    assert "La situación cambió" in stale.content.decode()
    assert AllocationMove.objects.count() == 0

    done = rosa.post(path, {"fingerprint": plan.fingerprint}, follow=True)
    assert "Se movieron 3 piezas." in done.content.decode()
    again = rosa.post(path, {"fingerprint": plan.fingerprint}, follow=True)
    assert "No hay piezas que mover" in again.content.decode()
    assert Allocation.objects.get(member=world.maria).quantity == 0
    assert Allocation.objects.get(member=world.juana).quantity == 6
    move = AllocationMove.objects.get()
    assert (move.pieces, move.by, move.from_allocation.member) == (3, world.rosa, world.maria)
    assert members_behind(world.camacani, timezone.localdate()) == []


def test_cancelling_a_paid_delivery_says_what_happens_and_corrects_her_account(
    world: World,
) -> None:
    _order, allocations = order_in_production(world, quantity=6)
    a = next(x for x in allocations if x.member_id == world.maria.id)
    today = timezone.localdate()
    delivery = services.delivery_record(
        allocation=a, received_on=today, grade_a=2, grade_b=1, rework=0, rejected=0, by=world.rosa
    )
    payout_make(
        member=world.maria, amount=Decimal("120.00"), paid_on=today, method="cash", by=world.teresa
    )
    g = world.camacani.id
    path = url("delivery_cancel", g, delivery.id)
    assert world.client_for(world.teresa).get(path).status_code == 403
    assert world.client_for(world.lucia).get(path).status_code == 404
    rosa = world.client_for(world.rosa)
    listing = rosa.get(url("order_deliveries", g, a.line.order_id)).content.decode()
    assert path in listing

    before = rosa.get(path).content.decode()
    assert "Qué va a pasar" in before
    assert "ya se le pagó S/ 120.00 por esta entrega" in before
    assert "vuelve a deber 3 piezas" in before
    assert DeliveryVoid.objects.count() == 0  # the screen changed nothing

    assert rosa.post(path, {"reason": ""}).status_code == 400
    done = rosa.post(path, {"reason": "Eran piezas de Juana"}, follow=True)
    text = done.content.decode()
    assert "Entrega anulada" in text
    assert DeliveryVoid.objects.get().delivery == delivery
    reversals = LedgerEntry.objects.filter(member=world.maria, kind=EntryKind.REVERSAL)
    assert sorted(r.amount for r in reversals) == [Decimal("-90.00"), Decimal("-30.00")]
    assert all("anulada: Eran piezas de Juana" in r.description for r in reversals)
    assert "Eran piezas de Juana" in text  # her statement shows the correction in words
    assert LedgerEntry.objects.filter(member=world.maria).balance() == Decimal("-120.00")
    assert allocation_progress(a).outstanding == 3  # she owes the pieces again
    assert Delivery.objects.count() == 1  # nothing deleted

    again = rosa.post(path, {"reason": "otra vez"})
    assert again.status_code == 400 and "ya fue anulada" in again.content.decode()
    assert reversals.count() == 2
