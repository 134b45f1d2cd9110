"""A mistake is corrected with an opposite entry: nothing is edited or deleted."""

from decimal import Decimal

import pytest
from django.utils import timezone

from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import payout_make
from minka.ledger.tests.helpers import balance_of, counts, flat, pdf_text, url


def earning_of(member):
    return LedgerEntry.objects.get(member=member, kind=EntryKind.EARNING)


def test_reversing_an_earning_lowers_her_balance(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    earning = earning_of(world.maria)
    page = teresa.get(url("entry_reverse", world.camacani, earning.id))
    assert page.status_code == 200
    assert "S/ 90.00" in page.content.decode()
    assert "pasa de S/ 90.00 a S/ 0.00" in page.content.decode()

    response = teresa.post(
        url("entry_reverse", world.camacani, earning.id), {"reason": "Se registró dos veces"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("member_statement", world.camacani, world.maria.id)
    assert balance_of(world.maria) == 0
    reversal = LedgerEntry.objects.get(reverses=earning)
    assert reversal.kind == EntryKind.REVERSAL and reversal.amount == Decimal("-90.00")
    assert "Se registró dos veces" in reversal.description
    earning.refresh_from_db()
    assert earning.amount == Decimal("90.00")  # the original stays as it was

    balances = teresa.get(url("balances", world.camacani)).content.decode()
    assert 'data-testid="balance-1"><strong>S/ 0.00</strong>' in balances


def test_the_same_entry_cannot_be_reversed_twice(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    earning = earning_of(world.maria)
    teresa.post(url("entry_reverse", world.camacani, earning.id), {"reason": "Error"})
    before = counts()
    page = teresa.get(url("entry_reverse", world.camacani, earning.id))
    assert "Este movimiento ya fue corregido." in page.content.decode()
    again = teresa.post(url("entry_reverse", world.camacani, earning.id), {"reason": "Otra vez"})
    assert again.status_code == 400
    assert "Este movimiento ya fue corregido." in again.content.decode()
    assert counts() == before
    assert balance_of(world.maria) == 0


def test_a_reversal_cannot_itself_be_reversed(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    earning = earning_of(world.maria)
    teresa.post(url("entry_reverse", world.camacani, earning.id), {"reason": "Error"})
    reversal = LedgerEntry.objects.get(reverses=earning)
    before = counts()
    response = teresa.post(url("entry_reverse", world.camacani, reversal.id), {"reason": "Uy"})
    assert response.status_code == 400
    assert "Una corrección no se puede corregir otra vez." in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("reason", ["", "   ", "x" * 151])
def test_a_reason_is_required(delivered, reason):
    world = delivered
    before = counts()
    response = world.client_for(world.teresa).post(
        url("entry_reverse", world.camacani, earning_of(world.maria).id), {"reason": reason}
    )
    assert response.status_code == 400
    assert (
        "Escriba el motivo de la corrección." in response.content.decode()
        or "Escriba el motivo en menos de 150 letras." in response.content.decode()
    )
    assert counts() == before


def test_reversing_a_payout_gives_her_balance_back_and_voids_the_receipt(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    payout = payout_make(
        member=world.maria,
        amount=Decimal("90.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    entry = LedgerEntry.objects.get(payout=payout)
    response = teresa.post(
        url("entry_reverse", world.camacani, entry.id), {"reason": "No se entregó el dinero"}
    )
    assert response.status_code == 302
    assert balance_of(world.maria) == Decimal("90.00")
    text = flat(pdf_text(teresa.get(url("payout_receipt", world.camacani, payout.id)).content))
    assert "ANULADO" in text
