"""The production-to-pay loop through the web, as the coordinator does it."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, order_in_production
from minka.ledger.models import EntryKind, LedgerEntry
from minka.production import services
from minka.production.models import (
    Allocation,
    Delivery,
    MaterialMove,
    Order,
    OrderLine,
    OrderStatus,
    QualityCheck,
)


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def test_coordinator_takes_an_order_from_draft_to_production(world: World) -> None:
    rosa = world.client_for(world.rosa)
    g = world.camacani.id
    deadline = timezone.localdate() + timedelta(days=70)
    response = rosa.post(
        url("order_create", g),
        {
            "buyer": world.buyer.id,
            "currency": "USD",
            "exchange_rate": "3.7450",
            "ordered_on": fmt(timezone.localdate()),
            "deadline": fmt(deadline),
            "notes": "Temporada",
        },
    )
    order = Order.objects.get(group=world.camacani)
    assert response.status_code == 302
    assert order.number == "S1-CAM-P0001"
    assert order.exchange_rate == Decimal("3.7450") and order.status == OrderStatus.DRAFT

    response = rosa.post(
        url("order_detail", g, order.id),
        {
            "product": world.sweater.id,
            "quantity": "10",
            "unit_price": "38.50",
        },
    )
    assert response.status_code == 302
    line = OrderLine.objects.get(order=order)
    assert line.total == Decimal("385.00")

    rosa.post(url("order_status", g, order.id), {"status": "confirmed"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED

    page = rosa.get(url("line_allocate", g, line.id))
    assert page.status_code == 200
    text = page.content.decode()
    assert "María Quispe Mamani" in text and "Juana Condori Apaza" in text
    # Carmen weaves but does not knit: she is listed as not able, with the reason.
    assert "no tiene la técnica Tejido a palitos" in text
    plan = page.context["plan"]
    proposed = {e.share.candidate.member_id: e.share.pieces for e in plan.explained}
    assert sum(proposed.values()) == 10

    response = rosa.post(
        url("line_allocate", g, line.id), {f"m_{k}": str(v) for k, v in proposed.items()}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PRODUCTION
    assert {a.member_id: a.quantity for a in Allocation.objects.filter(line=line)} == {
        k: v for k, v in proposed.items() if v
    }


def test_order_form_refuses_bad_input_and_saves_nothing(world: World) -> None:
    rosa = world.client_for(world.rosa)
    g = world.camacani.id
    cases = [
        ({"currency": "USD", "exchange_rate": ""}, "Indique el tipo de cambio"),
        (
            {"deadline": fmt(timezone.localdate() - timedelta(days=3))},
            "no puede ser antes del pedido",
        ),
        ({"deadline": "31/02/2027"}, "Introduzca una fecha válida"),
        ({"exchange_rate": "-1", "currency": "USD"}, "mayor o igual a 0.0001"),
        ({"currency": "EUR"}, "Escoja una opción válida"),
    ]
    for change, message in cases:
        data = {
            "buyer": world.buyer.id,
            "currency": "PEN",
            "exchange_rate": "",
            "ordered_on": fmt(timezone.localdate()),
            "deadline": fmt(timezone.localdate() + timedelta(days=30)),
        }
        data.update(change)
        response = rosa.post(url("order_create", g), data)
        assert response.status_code == 200, change
        assert message in response.content.decode(), (change, message)
    # A buyer of another group cannot be chosen.
    from minka.production.models import Buyer

    other = Buyer.objects.create(group=world.juli, name="Otro")
    response = rosa.post(
        url("order_create", g),
        {
            "buyer": other.id,
            "currency": "PEN",
            "ordered_on": fmt(timezone.localdate()),
            "deadline": fmt(timezone.localdate() + timedelta(days=30)),
        },
    )
    assert "Escoja una opción válida" in response.content.decode()
    assert not Order.objects.exists()


def test_allocation_edits_are_checked(world: World) -> None:
    rosa = world.client_for(world.rosa)
    order, allocations = order_in_production(world, quantity=4)
    line = order.lines.get()
    # A second, short order: three weeks leave little time for more sweaters.
    order2 = services.order_create(
        group=world.camacani,
        buyer=world.buyer,
        currency="PEN",
        exchange_rate=Decimal("1"),
        deadline=timezone.localdate() + timedelta(days=21),
        by=world.rosa,
    )
    line2 = services.order_line_add(
        order=order2, product=world.sweater, quantity=3, unit_price=Decimal("150")
    )
    services.order_set_status(order=order2, status=OrderStatus.CONFIRMED)
    target = url("line_allocate", world.camacani.id, line2.id)
    before = Allocation.objects.count()

    r = rosa.post(target, {f"m_{world.maria.id}": "dos"})
    assert r.status_code == 400 and "no es un número de piezas" in r.content.decode()
    r = rosa.post(target, {f"m_{world.maria.id}": "2", f"m_{world.juana.id}": "2"})
    assert "solo quedan 3 por repartir" in r.content.decode()
    r = rosa.post(target, {f"m_{world.maria.id}": "-1", f"m_{world.juana.id}": "2"})
    assert "no puede ser negativo" in r.content.decode()
    r = rosa.post(target, {})
    assert "No se asignó ninguna pieza" in r.content.decode()
    # Three weeks at 10 h/week is 1,800 minutes: 3 sweaters of 600 minutes, less what
    # she already owes on the first order.
    r = rosa.post(target, {f"m_{world.maria.id}": "3"})
    assert "puede hacer" in r.content.decode()
    assert Allocation.objects.count() == before
    assert line.allocations.count() == len(allocations)


def test_delivery_with_quality_control_credits_her_ledger(world: World) -> None:
    rosa = world.client_for(world.rosa)
    _order, allocations = order_in_production(world, quantity=6)
    alloc = next(a for a in allocations if a.member_id == world.maria.id)
    assert alloc.quantity == 3
    target = url("delivery_create", world.camacani.id, alloc.id)
    r = rosa.post(
        target,
        {
            "received_on": fmt(timezone.localdate()),
            "quantity": "3",
            "grade_a": "1",
            "grade_b": "1",
            "rework": "1",
            "rejected": "0",
            "defect": "tension",
        },
    )
    assert r.status_code == 302
    entries = LedgerEntry.objects.filter(member=world.maria, kind=EntryKind.EARNING)
    assert sorted(e.amount for e in entries) == [Decimal("30.00"), Decimal("45.00")]
    assert LedgerEntry.objects.filter(member=world.maria).balance() == Decimal("75.00")
    # The reworked piece is still owed: she brings it back, and it passes.
    r = rosa.post(
        target,
        {
            "received_on": fmt(timezone.localdate()),
            "quantity": "1",
            "grade_a": "1",
            "grade_b": "0",
            "rework": "0",
            "rejected": "0",
            "defect": "",
        },
    )
    assert r.status_code == 302
    assert LedgerEntry.objects.filter(member=world.maria).balance() == Decimal("120.00")
    # Now nothing is left of this allocation: one more piece is refused.
    r = rosa.post(
        target,
        {
            "received_on": fmt(timezone.localdate()),
            "quantity": "1",
            "grade_a": "1",
            "grade_b": "0",
            "rework": "0",
            "rejected": "0",
        },
    )
    assert r.status_code == 400
    assert "Solo le falta entregar 0 piezas" in r.content.decode() or "falta entregar 0" in (
        r.content.decode()
    )
    assert Delivery.objects.filter(allocation=alloc).count() == 2


def test_delivery_refuses_bad_counts_and_saves_nothing(world: World) -> None:
    rosa = world.client_for(world.rosa)
    _order, allocations = order_in_production(world, quantity=6)
    alloc = next(a for a in allocations if a.member_id == world.maria.id)
    target = url("delivery_create", world.camacani.id, alloc.id)
    base = {
        "received_on": fmt(timezone.localdate()),
        "quantity": "2",
        "grade_a": "2",
        "grade_b": "0",
        "rework": "0",
        "rejected": "0",
        "defect": "",
    }
    cases = [
        ({"quantity": "4", "grade_a": "4"}, "falta entregar 3 piezas"),
        ({"grade_a": "-1", "quantity": "2", "grade_b": "3"}, "mayor o igual a 0"),
        ({"grade_a": "1"}, "Entregó 2 piezas pero los grados suman 1"),
        ({"grade_a": "1", "rejected": "1"}, "Elija el defecto"),
        ({"received_on": fmt(timezone.localdate() + timedelta(days=2))}, "no puede ser futura"),
        ({"quantity": "x"}, "Introduzca un número entero"),
        ({"defect": "agujero", "grade_a": "1", "rejected": "1"}, "Escoja una opción válida"),
    ]
    for change, message in cases:
        data = dict(base, **change)
        r = rosa.post(target, data)
        assert r.status_code == 400, change
        assert message in r.content.decode(), (change, message)
    assert not Delivery.objects.exists()
    assert not QualityCheck.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_materials_issue_return_and_reconciliation(world: World) -> None:
    rosa = world.client_for(world.rosa)
    _order, allocations = order_in_production(world, quantity=6)
    alloc = next(a for a in allocations if a.member_id == world.maria.id)
    g = world.camacani.id
    target = url("material_move_create", g, world.maria.id)
    r = rosa.post(
        target,
        {
            "material": world.yarn.id,
            "kind": "issue",
            "grams": "1400",
            "moved_on": fmt(timezone.localdate()),
            "allocation": alloc.id,
        },
    )
    assert r.status_code == 302
    r = rosa.post(
        target,
        {
            "material": world.yarn.id,
            "kind": "return",
            "grams": "2000",
            "moved_on": fmt(timezone.localdate()),
        },
    )
    assert r.status_code == 400 and "no puede devolver" in r.content.decode()
    r = rosa.post(
        target,
        {
            "material": world.yarn.id,
            "kind": "return",
            "grams": "50",
            "moved_on": fmt(timezone.localdate()),
        },
    )
    assert r.status_code == 302
    rosa.post(
        url("delivery_create", g, alloc.id),
        {
            "received_on": fmt(timezone.localdate()),
            "quantity": "2",
            "grade_a": "2",
            "grade_b": "0",
            "rework": "0",
            "rejected": "0",
        },
    )
    page = rosa.get(url("member_statement", g, world.maria.id))
    row = page.context["materials"][0]
    assert (row.issued, row.returned, row.expected_use) == (
        Decimal("1400"),
        Decimal("50"),
        Decimal("900"),
    )
    assert row.unaccounted == Decimal("450")
    # The member sees the same reconciliation on her own page.
    mine = world.client_for(world.maria_user).get(url("member_statement", g, world.maria.id))
    assert mine.context["materials"][0].unaccounted == Decimal("450")
    assert MaterialMove.objects.count() == 2


def test_order_status_flow_is_enforced(world: World) -> None:
    rosa = world.client_for(world.rosa)
    order, allocations = order_in_production(world, quantity=2)
    g = world.camacani.id
    r = rosa.post(url("order_status", g, order.id), {"status": "delivered"}, follow=True)
    assert "Faltan piezas aceptadas" in r.content.decode()
    r = rosa.post(url("order_status", g, order.id), {"status": "draft"}, follow=True)
    assert "no puede pasar" in r.content.decode()
    r = rosa.post(url("order_status", g, order.id), {"status": "nonsense"}, follow=True)
    assert "Ese estado no existe" in r.content.decode()
    for a in allocations:
        rosa.post(
            url("delivery_create", g, a.id),
            {
                "received_on": fmt(timezone.localdate()),
                "quantity": str(a.quantity),
                "grade_a": str(a.quantity),
                "grade_b": "0",
                "rework": "0",
                "rejected": "0",
            },
        )
    rosa.post(url("order_status", g, order.id), {"status": "delivered"})
    rosa.post(url("order_status", g, order.id), {"status": "paid"})
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_line_fully_shared_out_says_so(world: World) -> None:
    order, _allocations = order_in_production(world, quantity=4)
    line = order.lines.get()
    page = world.client_for(world.rosa).get(url("line_allocate", world.camacani.id, line.id))
    text = page.content.decode()
    assert "Ya se repartieron todas las piezas de esta línea." in text
    assert "más que las que reciben piezas" not in text
    r = world.client_for(world.rosa).post(
        url("line_allocate", world.camacani.id, line.id), {f"m_{world.maria.id}": "1"}
    )
    assert "solo quedan 0 por repartir" in r.content.decode()
