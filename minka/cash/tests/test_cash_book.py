"""The cash book: append-only, one door, a running balance the treasurer can follow."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from minka.cash.models import CashEntry
from minka.cash.services import cash_balance, cash_entry_add
from minka.conftest import World
from minka.ledger.models import AppendOnlyError

TODAY = timezone.localdate()


def add(
    world: World,
    direction: str,
    amount: str,
    days_ago: int = 0,
    method: str = "cash",
    what: str = "Movimiento",
) -> CashEntry:
    return cash_entry_add(
        group=world.camacani,
        direction=direction,
        method=method,
        amount=Decimal(amount),
        on=TODAY - timedelta(days=days_ago),
        description=what,
        by=world.teresa,
    )


def test_entries_cannot_be_changed_or_deleted(world: World) -> None:
    entry = add(world, "in", "10.00")
    entry.amount = Decimal("99")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        CashEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        CashEntry.objects.all().delete()
    assert CashEntry.objects.get().amount == Decimal("10.00")


def test_bad_entries_are_refused(world: World) -> None:
    for kwargs in (
        {"amount": "0"},
        {"amount": "-5"},
        {"method": "bitcoin"},
        {"direction": "sideways"},
        {"what": "  "},
    ):
        args = {"direction": "in", "amount": "5", "method": "cash", "what": "x", **kwargs}
        with pytest.raises(ValidationError):
            add(world, args["direction"], args["amount"], method=args["method"], what=args["what"])
    assert not CashEntry.objects.exists()


def test_the_page_shows_a_running_balance_from_an_opening_one(world: World) -> None:
    add(world, "in", "500.00", days_ago=200, what="Venta en feria antigua")
    add(world, "in", "120.50", days_ago=5, what="Visita V0001")
    add(world, "out", "20.25", days_ago=4, what="Comisión de la agencia")
    add(world, "in", "30.00", days_ago=3, method="yape", what="Adelanto por Yape")
    assert cash_balance(world.camacani) == Decimal("630.25")
    page_url = reverse("cash_book", args=[world.camacani.id])
    page = world.client_for(world.teresa).get(page_url).content.decode()
    assert "Venta en feria antigua" not in page  # before the 90 days shown
    assert "S/ 500.00" in page and "S/ 620.50" in page and "S/ 600.25" in page
    assert "S/ 630.25" in page and "Yape: S/ 30.00" in page
    assert world.client_for(world.lucia).get(page_url).status_code == 404
    assert world.client_for(world.maria_user).get(page_url).status_code == 403
    bad = world.client_for(world.teresa).get(page_url + "?start=ayer")
    assert bad.status_code == 200 and "S/ 630.25" in bad.content.decode()
