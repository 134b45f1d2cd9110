"""The centre's yarn through the web: Rosa (coordinator) receives yarn bought and yarn
sent by the buyer, hands María three colours and lots in one hand-out, María brings some
back, and a count records its difference. Teresa (treasurer) and Sofía (the
organisation's staff) may look; María and Lucía (another group) may not."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, order_in_production
from minka.lib.models import AppendOnlyError
from minka.production import services, stock
from minka.production.models import Material, MaterialMove, MoveKind
from minka.production.selectors import material_reconciliation

TODAY = timezone.localdate().strftime("%d/%m/%Y")


def url(name: str, world: World) -> str:
    return reverse(name, args=[world.camacani.id])


@pytest.fixture
def colours(world: World) -> tuple[Material, Material]:
    grey = Material.objects.create(group=world.camacani, name="Hilo alpaca baby", colour="Gris")
    red = Material.objects.create(group=world.camacani, name="Hilo alpaca baby", colour="Rojo")
    return grey, red


def receive(world: World, material: Material, grams: str, lot: str, source: str = "bought"):
    return world.client_for(world.rosa).post(
        url("material_receive", world),
        {
            "material": material.id,
            "lot": lot,
            "grams": grams,
            "source": source,
            "received_on": TODAY,
            "note": "Factura 001-233",
        },
    )


def hand_out(world: World, member_id: object, lines: list[tuple[str, str]]):
    data: dict[str, object] = {
        "member": member_id,
        "moved_on": TODAY,
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "12",
    }
    for i, (key, grams) in enumerate(lines):
        data[f"lines-{i}-stock"] = key
        data[f"lines-{i}-grams"] = grams
    return world.client_for(world.rosa).post(url("material_hand_out", world), data)


def test_yarn_received_handed_out_in_one_form_returned_and_counted(world: World, colours) -> None:
    grey, red = colours
    assert receive(world, world.yarn, "2000", "L-12").status_code == 302
    assert receive(world, grey, "1000", "L-7", source="buyer").status_code == 302
    assert receive(world, red, "500", "").status_code == 302
    bought = MaterialMove.objects.get(material=world.yarn)
    assert bought.kind == MoveKind.RECEIVE and bought.source == "bought" and bought.lot == "L-12"
    assert MaterialMove.objects.get(material=grey).get_source_display() == "Enviado por el cliente"

    response = hand_out(
        world,
        world.maria.id,
        [(f"{world.yarn.id}|L-12", "900"), (f"{grey.id}|L-7", "300"), (f"{red.id}|", "150")],
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    issued = MaterialMove.objects.filter(kind=MoveKind.ISSUE, member=world.maria)
    assert sorted((m.material.colour, m.lot, m.grams) for m in issued) == [
        ("Crudo", "L-12", Decimal("900.0")),
        ("Gris", "L-7", Decimal("300.0")),
        ("Rojo", "", Decimal("150.0")),
    ]
    # She brings back 100 g of the undyed yarn through her own form.
    rosa = world.client_for(world.rosa)
    response = rosa.post(
        reverse("material_move_create", args=[world.camacani.id, world.maria.id]),
        {
            "material": world.yarn.id,
            "kind": "return",
            "grams": "100",
            "lot": "L-12",
            "moved_on": TODAY,
        },
    )
    assert response.status_code == 302

    on_hand = {(r.material.colour, r.lot): r.on_hand for r in stock.centre_stock(world.camacani)}
    assert on_hand == {
        ("Crudo", "L-12"): Decimal("1200.0"),
        ("Gris", "L-7"): Decimal("700.0"),
        ("Rojo", ""): Decimal("350.0"),
    }
    held = {
        (h.member.first_name, h.material.colour): h.grams
        for h in stock.member_holdings(world.camacani)
    }
    assert held == {
        ("María", "Crudo"): Decimal("800.0"),
        ("María", "Gris"): Decimal("300.0"),
        ("María", "Rojo"): Decimal("150.0"),
    }

    # The count finds 40 g of grey missing: a new move, the earlier ones untouched.
    response = rosa.post(
        url("material_count", world),
        {"material": grey.id, "lot": "L-7", "counted": "660", "counted_on": TODAY},
    )
    assert response.status_code == 302
    count = MaterialMove.objects.get(kind=MoveKind.COUNT)
    assert count.grams == Decimal("-40.0") and count.counted == Decimal("660.0")
    assert stock.centre_on_hand(world.camacani, grey, "L-7") == Decimal("660.0")

    page = rosa.get(url("material_stock", world)).content.decode()
    assert "1,200 g" in page and "660 g" in page and "María Quispe Mamani" in page
    assert "lote L-7" in page and "-40 g" in page


def test_the_count_is_never_edited(world: World) -> None:
    stock.materials_receive(
        group=world.camacani,
        material=world.yarn,
        grams=Decimal("500"),
        source="organisation",
        received_on=timezone.localdate(),
        by=world.rosa,
    )
    count = stock.material_count_record(
        group=world.camacani,
        material=world.yarn,
        counted=Decimal("480"),
        counted_on=timezone.localdate(),
        by=world.rosa,
    )
    count.grams = Decimal("0")
    with pytest.raises(AppendOnlyError):
        count.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialMove.objects.filter(pk=count.pk)._raw_delete(count._state.db or "default")
    assert MaterialMove.objects.get(pk=count.pk).grams == Decimal("-20.0")


def test_handing_out_more_than_the_centre_holds_saves_nothing(world: World, colours) -> None:
    grey, _red = colours
    receive(world, world.yarn, "500", "L-1")
    receive(world, grey, "200", "")
    response = hand_out(
        world, world.maria.id, [(f"{world.yarn.id}|L-1", "400"), (f"{grey.id}|", "250")]
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "El centro tiene 200" in page and "no puede entregar 250" in page
    assert not MaterialMove.objects.filter(kind=MoveKind.ISSUE).exists()
    # Two lines of the same lot add up.
    response = hand_out(
        world, world.maria.id, [(f"{world.yarn.id}|L-1", "300"), (f"{world.yarn.id}|L-1", "300")]
    )
    assert response.status_code == 400
    assert not MaterialMove.objects.filter(kind=MoveKind.ISSUE).exists()


@pytest.mark.parametrize(
    ("grams", "message"),
    [
        ("-5", "Asegúrese de que este valor es mayor o igual a 0.1"),
        ("0", "Asegúrese de que este valor es mayor o igual a 0.1"),
        ("abc", "Introduzca un número"),
        ("", "Indique cuántos gramos"),
    ],
)
def test_bad_grams_in_a_line_are_refused(world: World, grams: str, message: str) -> None:
    receive(world, world.yarn, "500", "")
    response = hand_out(world, world.maria.id, [(f"{world.yarn.id}|", grams)])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MaterialMove.objects.filter(kind=MoveKind.ISSUE).exists()


def test_bad_receipts_and_counts_are_refused(world: World) -> None:
    rosa = world.client_for(world.rosa)
    before = MaterialMove.objects.count()
    assert receive(world, world.yarn, "-100", "").status_code == 400
    other = Material.objects.create(group=world.juli, name="Lana de oveja", colour="Negro")
    assert receive(world, other, "100", "").status_code == 400  # not a choice here
    response = rosa.post(
        url("material_count", world),
        {"material": world.yarn.id, "counted": "-1", "counted_on": TODAY},
    )
    assert response.status_code == 400
    assert MaterialMove.objects.count() == before
    # A hand-out with no line at all.
    response = hand_out(world, world.maria.id, [])
    assert response.status_code == 400
    assert "Agregue al menos un insumo" in response.content.decode()
    # A member of another group is not a choice.
    receive(world, world.yarn, "100", "")
    response = hand_out(world, world.juli_member.id, [(f"{world.yarn.id}|", "50")])
    assert response.status_code == 400
    assert not MaterialMove.objects.filter(kind=MoveKind.ISSUE).exists()


def test_who_may_see_and_use_the_materials_pages(world: World) -> None:
    pages = ["material_stock", "material_receive", "material_hand_out", "material_count"]
    for name in pages:
        assert world.client_for(world.rosa).get(url(name, world)).status_code == 200
        # Lucía coordinates another group: she does not learn the group exists.
        assert world.client_for(world.lucia).get(url(name, world)).status_code == 404
        # María is a member: her own pages only.
        assert world.client_for(world.maria_user).get(url(name, world)).status_code == 403
    for person in (world.teresa, world.sofia):
        client = world.client_for(person)
        assert client.get(url("material_stock", world)).status_code == 200
        for name in pages[1:]:
            assert client.get(url(name, world)).status_code == 403
    response = world.client_for(world.teresa).post(
        url("material_receive", world),
        {"material": world.yarn.id, "grams": "10", "source": "bought", "received_on": TODAY},
    )
    assert response.status_code == 403 and not MaterialMove.objects.exists()


def test_reconciliation_per_member_still_counts_every_lot(world: World) -> None:
    """Handed out in two lots, brought back, used by accepted pieces: per material."""
    _order, allocations = order_in_production(world, quantity=2)
    alloc = next(a for a in allocations if a.member_id == world.maria.id)
    for lot in ("A", "B"):
        stock.materials_receive(
            group=world.camacani,
            material=world.yarn,
            lot=lot,
            grams=Decimal("1000"),
            source="bought",
            received_on=timezone.localdate(),
            by=world.rosa,
        )
    stock.materials_hand_out(
        member=world.maria,
        lines=[
            stock.HandOutLine(world.yarn, "A", Decimal("300")),
            stock.HandOutLine(world.yarn, "B", Decimal("300")),
        ],
        moved_on=timezone.localdate(),
        by=world.rosa,
        allocation=alloc,
    )
    services.material_move_record(
        member=world.maria,
        material=world.yarn,
        kind=MoveKind.RETURN,
        grams=Decimal("100"),
        moved_on=timezone.localdate(),
        by=world.rosa,
    )
    services.delivery_record(
        allocation=alloc,
        received_on=timezone.localdate(),
        grade_a=1,
        grade_b=0,
        rework=0,
        rejected=0,
        by=world.rosa,
    )
    (balance,) = material_reconciliation(world.maria)
    assert (balance.issued, balance.returned, balance.expected_use) == (
        Decimal("600"),
        Decimal("100"),
        Decimal("450"),
    )
    assert balance.unaccounted == Decimal("50")
    assert services.material_held(world.maria, world.yarn) == Decimal("500")
