"""The treasurer's cash page (issue 16, point 4): money in or out by hand with a reason,
a count at closing whose difference is recorded, and who may see or write what."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.cash.models import CashCount, CashEntry
from minka.cash.services import cash_balance
from minka.conftest import World
from minka.ledger.models import AppendOnlyError
from minka.ledger.services import earning_add, payout_make

TODAY = timezone.localdate().strftime("%d/%m/%Y")


def url(name: str, world: World) -> str:
    return reverse(name, args=[world.camacani.id])


def test_teresa_records_a_buyers_payment_pays_a_member_and_counts_the_box(world):
    teresa = world.client_for(world.teresa)
    hand = {
        "hand-kind": "buyer",
        "hand-amount": "S/ 1,200.00",
        "hand-method": "cash",
        "hand-on": TODAY,
        "hand-reason": "Andean Threads, pedido P0002",
    }
    assert teresa.post(url("cash_hand", world), hand).status_code == 302
    earning_add(
        member=world.maria,
        quantity=2,
        unit_amount=Decimal("45.00"),
        description="Chompa",
        entry_date=timezone.localdate(),
    )
    payout_make(
        member=world.maria,
        amount=Decimal("90.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    assert cash_balance(world.camacani, method="cash") == Decimal("1110.00")
    page = teresa.get(url("cash_book", world)).content.decode()
    assert "Pago de un cliente: Andean Threads, pedido P0002" in page
    assert "María Quispe Mamani" in page and "S/ 1,110.00" in page

    count = {"count-counted": "1,105.50", "count-on": TODAY, "count-note": "falta un sencillo"}
    assert teresa.post(url("cash_count", world), count).status_code == 302
    done = CashCount.objects.get()
    assert (done.expected, done.counted, done.difference) == (
        Decimal("1110.00"),
        Decimal("1105.50"),
        Decimal("-4.50"),
    )
    assert done.adjustment is not None and done.adjustment.amount == Decimal("4.50")
    assert cash_balance(world.camacani, method="cash") == Decimal("1105.50")
    page = teresa.get(url("cash_book", world)).content.decode()
    assert "Faltante del arqueo: falta un sencillo" in page and "-S/ 4.50" in page
    # A count is never edited.
    done.counted = Decimal("1110.00")
    with pytest.raises(AppendOnlyError):
        done.save()
    with pytest.raises(AppendOnlyError):
        CashCount.objects.all().update(counted=1)
    # A second count that agrees records a zero difference and no entry.
    assert teresa.post(url("cash_count", world), count | {"count-note": ""}).status_code == 302
    assert CashCount.objects.filter(difference=0).count() == 1
    assert CashEntry.objects.filter(source_type="cash.count").count() == 1


def test_bad_input_changes_nothing_and_says_why(world):
    teresa = world.client_for(world.teresa)
    good = {
        "hand-kind": "in",
        "hand-amount": "10",
        "hand-method": "yape",
        "hand-on": TODAY,
        "hand-reason": "Rifa",
    }
    for bad, message in (
        ({"hand-amount": "diez"}, "Escriba el monto con números"),
        ({"hand-amount": "-5"}, "El monto debe ser mayor que cero."),
        ({"hand-method": "bitcoin"}, "Elija una forma de pago de la lista."),
        ({"hand-kind": "gift"}, "Elija un movimiento de la lista."),
        ({"hand-reason": "  "}, "Escriba el motivo del movimiento."),
        ({"hand-on": "01/01/2999"}, "La fecha no puede ser futura."),
    ):
        response = teresa.post(url("cash_hand", world), good | bad)
        assert response.status_code == 400, bad
        assert message in response.content.decode(), bad
    response = teresa.post(url("cash_count", world), {"count-counted": "-1", "count-on": TODAY})
    assert response.status_code == 400
    assert not CashEntry.objects.exists() and not CashCount.objects.exists()


def test_who_may_see_and_write_the_cash_book(world):
    hand = {
        "hand-kind": "out",
        "hand-amount": "5",
        "hand-method": "cash",
        "hand-on": TODAY,
        "hand-reason": "Velas",
    }
    rosa = world.client_for(world.rosa)  # the coordinator reads the book, does not write
    page = rosa.get(url("cash_book", world))
    assert page.status_code == 200 and 'data-testid="hand-form"' not in page.content.decode()
    assert rosa.post(url("cash_hand", world), hand).status_code == 403
    assert rosa.post(url("cash_count", world), {"count-counted": "0"}).status_code == 403
    maria = world.client_for(world.maria_user)  # a member does not see the cash book
    assert maria.get(url("cash_book", world)).status_code == 403
    assert maria.post(url("cash_hand", world), hand).status_code == 403
    lucia = world.client_for(world.lucia)  # another group's coordinator: nothing exists
    assert lucia.get(url("cash_book", world)).status_code == 404
    assert lucia.post(url("cash_hand", world), hand).status_code == 404
    assert world.client_for(world.sofia).get(url("cash_book", world)).status_code == 200
    assert not CashEntry.objects.exists()


def test_the_treasurer_finds_the_cash_book_in_the_menu(world):
    book = url("cash_book", world)
    page = world.client_for(world.teresa).get(reverse("dashboard", args=[world.camacani.id]))
    assert f'href="{book}"' in page.content.decode()
    member = world.client_for(world.maria_user).get(
        reverse("member_statement", args=[world.camacani.id, world.maria.id])
    )
    assert f'href="{book}"' not in member.content.decode()
