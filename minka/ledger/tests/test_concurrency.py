"""Two payout forms for María sent at the same moment pay her once.

The same form sent twice (a double click, a retry) carries the same token: the second
sending finds it taken and says so. Two forms from two browsers carry two tokens: her
member row is locked while the first pays, and the second then finds nothing owed.
"""

import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from minka.conftest import build_world
from minka.ledger.models import Payout
from minka.ledger.tests.helpers import TODAY, balance_of, deliver_pieces, url


def form_token(client, path: str) -> str:
    html = client.get(path).content.decode()
    found = re.search(r'name="token" value="([0-9a-f-]{36})"', html)
    assert found, "the pay form carries a token"
    return found.group(1)


def pay_form(world, token: str) -> dict[str, str]:
    return {"token": token, "amount": "90.00", "paid_on": TODAY, "method": "cash"}


def test_the_same_pay_form_sent_twice_pays_once(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    path = url("payout_create", world.camacani, world.maria.id)
    token = form_token(teresa, path)

    first = teresa.post(path, pay_form(world, token))
    again = teresa.post(path, pay_form(world, token))

    assert first.status_code == 302
    assert again.status_code == 400
    payout = Payout.objects.get()
    html = again.content.decode()
    assert "Este formulario ya se envió" in html and payout.number in html
    assert balance_of(world.maria) == Decimal("0.00")


def test_the_same_pay_many_form_sent_twice_pays_once(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    token = form_token(teresa, url("balances", world.camacani))
    form = {
        "token": token,
        "member": [str(world.maria.id), str(world.juana.id)],
        f"seen_{world.maria.id}": "90.00",
        f"seen_{world.juana.id}": "75.00",
        "paid_on": TODAY,
        "method": "cash",
    }
    first = teresa.post(url("payouts_many", world.camacani), form)
    again = teresa.post(url("payouts_many", world.camacani), form)

    assert first.status_code == 302
    assert again.status_code == 400
    assert "Este formulario ya se envió" in again.content.decode()
    assert Payout.objects.count() == 2


def test_a_refused_form_can_be_sent_again_with_its_token(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    path = url("payout_create", world.camacani, world.maria.id)
    token = form_token(teresa, path)
    too_much = teresa.post(path, pay_form(world, token) | {"amount": "95.00"})
    assert too_much.status_code == 400 and Payout.objects.count() == 0
    assert teresa.post(path, pay_form(world, token)).status_code == 302
    assert Payout.objects.count() == 1


def send_together(world, forms: list[dict[str, str]]) -> list[tuple[int, str]]:
    """Each form posted from its own thread (own connection), released at once."""
    path = url("payout_create", world.camacani, world.maria.id)
    clients = [world.client_for(world.teresa) for _ in forms]
    start = threading.Barrier(len(forms))
    codes: list[tuple[int, str]] = [(0, "")] * len(forms)

    def send(i: int) -> None:
        try:
            start.wait()
            response = clients[i].post(path, forms[i])
            codes[i] = (response.status_code, response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(forms))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return codes


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time (transactions begin IMMEDIATE), so two "
    "threads cannot write at the same moment; the token is tested on SQLite above",
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_sending_the_same_form_at_once_pay_once():
    world = build_world()
    deliver_pieces(world, {world.maria: (2, 0)})
    token = form_token(
        world.client_for(world.teresa), url("payout_create", world.camacani, world.maria.id)
    )

    (code, _page), (other, html) = sorted(
        send_together(world, [pay_form(world, token), pay_form(world, token)])
    )

    assert (code, other) == (302, 400)
    assert "Este formulario ya se envió" in html
    assert Payout.objects.count() == 1
    assert balance_of(world.maria) == Decimal("0.00")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_browsers_paying_her_whole_balance_at_once_pay_once():
    world = build_world()
    deliver_pieces(world, {world.maria: (2, 0)})
    teresa = world.client_for(world.teresa)
    path = url("payout_create", world.camacani, world.maria.id)
    tokens = [form_token(teresa, path), form_token(teresa, path)]
    assert tokens[0] != tokens[1]

    (code, _page), (other, html) = sorted(
        send_together(world, [pay_form(world, t) for t in tokens])
    )

    assert (code, other) == (302, 400)
    assert "tiene un saldo de S/ 0.00" in html
    assert Payout.objects.count() == 1
    assert balance_of(world.maria) == Decimal("0.00")
