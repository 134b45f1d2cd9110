"""The delivery day through the web: Rosa (coordinator) enters each woman's row; a bad
row saves nothing of that row; the same row sent twice, or by two coordinators at once,
records the pieces once. Teresa (treasurer) and María (member) may not enter deliveries;
Lucía, coordinator of Juli, does not even learn the page exists."""

import re
import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from minka.conftest import World, build_world, make_user, order_in_production
from minka.ledger.models import LedgerEntry
from minka.members.models import GroupRole, Member, Role
from minka.production import services
from minka.production.models import Allocation, Delivery, MaterialMove, MoveKind, QualityCheck

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def mine(allocations: list[Allocation], member: Member) -> Allocation:
    return next(a for a in allocations if a.member_id == member.id)


def row_form(client: Client, world: World, member: Member) -> dict[str, str]:
    """The fields of her row as the page draws them (hidden date and seen figures)."""
    html = client.get(url("delivery_day", world.camacani.id)).content.decode()
    start = html.index(f'id="m-{member.id}"')
    end = html.index("</form>", start)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', html[start:end]))
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def line(allocation: Allocation, **values: object) -> dict[str, str]:
    return {f"{allocation.id.hex}-{k}": str(v) for k, v in values.items()}


def balance(member: Member) -> Decimal:
    return LedgerEntry.objects.filter(member=member).balance()


@pytest.fixture
def producing(world: World) -> tuple[World, list[Allocation]]:
    _order, allocations = order_in_production(world, quantity=6)
    return world, allocations


def test_the_page_lists_who_owes_what_for_the_coordinator_only(producing) -> None:
    world, allocations = producing
    page = world.client_for(world.rosa).get(url("delivery_day", world.camacani.id))
    assert page.status_code == 200
    text = page.content.decode()
    for a in allocations:
        assert a.member.full_name in text
        assert f'id="m-{a.member_id}"' in text
    assert "le faltan 3" in text
    assert 'src="/static/minka/delivery_day.js"' in text and "<script>" not in text
    assert (
        world.client_for(world.teresa).get(url("delivery_day", world.camacani.id)).status_code
        == 403
    )
    maria = world.client_for(world.maria_user)
    assert maria.get(url("delivery_day", world.camacani.id)).status_code == 403
    lucia = world.client_for(world.lucia)
    assert lucia.get(url("delivery_day", world.camacani.id)).status_code == 404
    row = url("delivery_day_row", world.camacani.id, world.maria.id)
    assert lucia.post(row, {}).status_code == 404
    assert world.client_for(world.teresa).post(row, {}).status_code == 403
    assert Delivery.objects.count() == 0


def test_a_good_row_is_saved_with_one_action_and_comes_back_as_html(producing) -> None:
    world, allocations = producing
    rosa = world.client_for(world.rosa)
    a = mine(allocations, world.maria)
    form = row_form(rosa, world, world.maria) | line(a, arrived=3, grade_b=1, defect="tension")
    response = rosa.post(url("delivery_day_row", world.camacani.id, world.maria.id), form, **FETCH)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert "Guardado: 3 piezas de María Quispe Mamani" in data["html"]
    assert data["html"].startswith("<form") and "<html" not in data["html"]
    delivery = Delivery.objects.get()
    grades = dict(QualityCheck.objects.values_list("grade", "quantity"))
    assert delivery.quantity == 3 and grades == {"A": 2, "B": 1}
    assert QualityCheck.objects.get(grade="B").defect == "tension"
    assert balance(world.maria) == Decimal("120.00")  # 2 x 45 + 1 x 30, by delivery_record


def test_without_javascript_the_row_is_a_form_that_saves_and_reloads(producing) -> None:
    world, allocations = producing
    rosa = world.client_for(world.rosa)
    a = mine(allocations, world.juana)
    form = row_form(rosa, world, world.juana) | line(a, arrived=1)
    response = rosa.post(url("delivery_day_row", world.camacani.id, world.juana.id), form)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#m-{world.juana.id}")
    page = rosa.get(response["Location"]).content.decode()
    assert "Guardado: 1 pieza de Juana Condori Apaza" in page
    assert "le faltan 2" in page and balance(world.juana) == Decimal("45.00")


def test_a_bad_row_shows_its_error_on_the_row_and_saves_nothing(producing) -> None:
    world, allocations = producing
    rosa = world.client_for(world.rosa)
    a = mine(allocations, world.maria)
    path = url("delivery_day_row", world.camacani.id, world.maria.id)
    base = row_form(rosa, world, world.maria)

    no_defect = rosa.post(path, base | line(a, arrived=3, rejected=1), **FETCH)
    assert no_defect.status_code == 400
    assert "Elija el defecto de las piezas que no son A" in no_defect.json()["html"]

    too_many = rosa.post(path, base | line(a, arrived=5), **FETCH)
    assert too_many.status_code == 400
    assert "Solo le falta entregar 3 piezas" in " ".join(too_many.json()["errors"])

    garbage = rosa.post(path, base | line(a, arrived="tres", grade_b="-1"), **FETCH)
    assert garbage.status_code == 400 and "<form" in garbage.json()["html"]

    # Without JavaScript: the whole page again, her row with the error, status 400.
    page = rosa.post(path, base | line(a, arrived=2, grade_b=3))
    assert page.status_code == 400
    assert "son más de las que trajo" in page.content.decode()
    assert Delivery.objects.count() == 0 and balance(world.maria) == 0


def test_the_yarn_on_a_bad_row_is_not_saved_either(producing) -> None:
    world, allocations = producing
    a = mine(allocations, world.maria)
    services.material_move_record(
        member=world.maria,
        material=world.yarn,
        kind=MoveKind.ISSUE,
        grams=Decimal("500"),
        moved_on=a.created_at.date(),
        by=world.rosa,
    )
    rosa = world.client_for(world.rosa)
    path = url("delivery_day_row", world.camacani.id, world.maria.id)
    base = row_form(rosa, world, world.maria)
    prefix = next(k for k in base if k.endswith("-received_on")).removesuffix("-received_on")
    yarn = {f"{prefix}-material": str(world.yarn.id)}
    # Good pieces, yarn refused (she holds 500 g): nothing of the row is written.
    bad = rosa.post(path, base | line(a, arrived=2) | yarn | {f"{prefix}-grams": "800"}, **FETCH)
    assert bad.status_code == 400
    assert "no puede devolver 800 g" in " ".join(bad.json()["errors"])
    assert Delivery.objects.count() == 0 and MaterialMove.objects.count() == 1
    good = rosa.post(path, base | line(a, arrived=2) | yarn | {f"{prefix}-grams": "120"}, **FETCH)
    assert good.status_code == 200 and "Hilo devuelto: 120" in good.json()["message"]
    assert MaterialMove.objects.filter(kind=MoveKind.RETURN).get().grams == Decimal("120")


def test_the_same_row_sent_twice_records_it_once(producing) -> None:
    world, allocations = producing
    rosa = world.client_for(world.rosa)
    a = mine(allocations, world.maria)
    form = row_form(rosa, world, world.maria) | line(a, arrived=2)
    path = url("delivery_day_row", world.camacani.id, world.maria.id)
    first = rosa.post(path, form, **FETCH)
    again = rosa.post(path, form, **FETCH)
    replay = rosa.post(path, form)  # the plain form, resent after a reload
    assert first.status_code == 200
    assert again.status_code == 400 and replay.status_code == 400
    assert "mientras tanto se registró otra entrega" in " ".join(again.json()["errors"])
    # The row comes back drawn afresh: she owes 1 now, and the inputs are empty.
    assert "le falta 1" in again.json()["html"]
    assert Delivery.objects.count() == 1 and balance(world.maria) == Decimal("90.00")


def second_coordinator(world: World) -> User:
    ana = make_user("ana", "Ana")
    GroupRole.objects.create(user=ana, group=world.camacani, role=Role.COORDINATOR)
    return ana


def test_two_coordinators_entering_the_same_woman_record_her_pieces_once(producing) -> None:
    world, allocations = producing
    rosa, ana = world.client_for(world.rosa), world.client_for(second_coordinator(world))
    a = mine(allocations, world.maria)
    seen_by_rosa = row_form(rosa, world, world.maria) | line(a, arrived=2)
    seen_by_ana = row_form(ana, world, world.maria) | line(a, arrived=2)
    path = url("delivery_day_row", world.camacani.id, world.maria.id)
    assert rosa.post(path, seen_by_rosa, **FETCH).status_code == 200
    late = ana.post(path, seen_by_ana, **FETCH)
    assert late.status_code == 400
    assert "ahora le faltan 1 (la pantalla decía 3)" in " ".join(late.json()["errors"])
    assert Delivery.objects.count() == 1


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time; the sequential replay is tested above",
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_at_the_same_moment_record_her_pieces_once() -> None:
    world = build_world()
    _order, allocations = order_in_production(world, quantity=6)
    a = mine(allocations, world.maria)
    clients = [world.client_for(world.rosa), world.client_for(second_coordinator(world))]
    forms = [row_form(c, world, world.maria) | line(a, arrived=2) for c in clients]
    path = url("delivery_day_row", world.camacani.id, world.maria.id)
    start = threading.Barrier(2)
    codes = [0, 0]

    def send(i: int) -> None:
        try:
            start.wait()
            codes[i] = clients[i].post(path, forms[i], **FETCH).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(codes) == [200, 400]
    assert Delivery.objects.count() == 1
    assert LedgerEntry.objects.filter(member=world.maria).balance() == Decimal("90.00")
