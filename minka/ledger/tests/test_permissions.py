"""Who sees and does what with the money.

Rosa (coordinator) and Sofía (staff) see the balances but do not pay. Teresa (treasurer)
pays and corrects. María (a member) sees only her own receipts. Lucía (coordinator of
Juli) is an outsider to Camacani: every ledger page of Camacani is 'not found' for her.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from minka.ledger.models import LedgerEntry
from minka.ledger.services import earning_add, payout_make
from minka.ledger.tests.helpers import TODAY, counts, url


@pytest.fixture
def paid(world):
    """María and Juana were each paid once; Juli has a payout of its own."""
    for member in (world.maria, world.juana, world.juli_member):
        earning_add(
            member=member,
            quantity=2,
            unit_amount=Decimal("45.00"),
            description="Chompa",
            entry_date=timezone.localdate(),
        )
    world.maria_payout = payout_make(
        member=world.maria,
        amount=Decimal("40.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    world.juana_payout = payout_make(
        member=world.juana,
        amount=Decimal("40.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    world.juli_payout = payout_make(
        member=world.juli_member,
        amount=Decimal("40.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.lucia,
    )
    world.maria_earning = LedgerEntry.objects.filter(member=world.maria, kind="earning").get()
    return world


def receipt(world, payout):
    return url("payout_receipt", world.camacani, payout.id)


def every_camacani_url(world):
    return {
        "balances": url("balances", world.camacani),
        "payout_create": url("payout_create", world.camacani, world.maria.id),
        "payout_receipt": receipt(world, world.maria_payout),
        "payout_receipts": url("payout_receipts", world.camacani) + f"?ids={world.maria_payout.id}",
        "payouts_done": url("payouts_done", world.camacani) + f"?ids={world.maria_payout.id}",
        "entry_reverse": url("entry_reverse", world.camacani, world.maria_earning.id),
    }


def test_maria_sees_her_own_receipt_but_not_another_members(paid):
    world = paid
    maria = world.client_for(world.maria_user)
    own = maria.get(receipt(world, world.maria_payout))
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    assert maria.get(receipt(world, world.juana_payout)).status_code == 404
    batch = url("payout_receipts", world.camacani)
    assert maria.get(f"{batch}?ids={world.maria_payout.id}").status_code == 200
    assert (
        maria.get(f"{batch}?ids={world.maria_payout.id},{world.juana_payout.id}").status_code == 404
    )


def test_maria_may_not_open_the_balances_or_pay_or_correct(paid):
    world = paid
    maria = world.client_for(world.maria_user)
    before = counts()
    assert maria.get(url("balances", world.camacani)).status_code == 403
    assert maria.get(url("payout_create", world.camacani, world.maria.id)).status_code == 403
    assert (
        maria.post(
            url("payout_create", world.camacani, world.maria.id),
            {"amount": "10", "paid_on": TODAY, "method": "cash"},
        ).status_code
        == 403
    )
    assert (
        maria.post(
            url("payouts_many", world.camacani),
            {
                "member": [str(world.maria.id)],
                f"seen_{world.maria.id}": "50.00",
                "paid_on": TODAY,
                "method": "cash",
            },
        ).status_code
        == 403
    )
    assert (
        maria.post(
            url("entry_reverse", world.camacani, world.maria_earning.id), {"reason": "Quiero"}
        ).status_code
        == 403
    )
    assert counts() == before


def test_lucia_from_juli_finds_nothing_of_camacani(paid):
    world = paid
    lucia = world.client_for(world.lucia)
    before = counts()
    for name, address in every_camacani_url(world).items():
        assert lucia.get(address).status_code == 404, name
    assert (
        lucia.post(
            url("payout_create", world.camacani, world.maria.id),
            {"amount": "10", "paid_on": TODAY, "method": "cash"},
        ).status_code
        == 404
    )
    assert (
        lucia.post(
            url("payouts_many", world.camacani),
            {
                "member": [str(world.maria.id)],
                f"seen_{world.maria.id}": "50.00",
                "paid_on": TODAY,
                "method": "cash",
            },
        ).status_code
        == 404
    )
    assert (
        lucia.post(
            url("entry_reverse", world.camacani, world.maria_earning.id), {"reason": "x"}
        ).status_code
        == 404
    )
    assert counts() == before


def test_rosa_the_coordinator_sees_the_money_but_does_not_pay(paid):
    world = paid
    rosa = world.client_for(world.rosa)
    before = counts()
    page = rosa.get(url("balances", world.camacani))
    assert page.status_code == 200
    assert "María Quispe Mamani" in page.content.decode()
    assert 'name="member"' not in page.content.decode()
    assert url("payout_create", world.camacani, world.maria.id) not in page.content.decode()
    assert rosa.get(receipt(world, world.maria_payout)).status_code == 200
    assert rosa.get(url("payout_create", world.camacani, world.maria.id)).status_code == 403
    assert (
        rosa.post(
            url("payout_create", world.camacani, world.maria.id),
            {"amount": "10", "paid_on": TODAY, "method": "cash"},
        ).status_code
        == 403
    )
    assert (
        rosa.post(
            url("payouts_many", world.camacani),
            {
                "member": [str(world.maria.id)],
                f"seen_{world.maria.id}": "50.00",
                "paid_on": TODAY,
                "method": "cash",
            },
        ).status_code
        == 403
    )
    assert rosa.get(url("entry_reverse", world.camacani, world.maria_earning.id)).status_code == 403
    assert counts() == before


def test_sofia_of_the_organisation_sees_but_does_not_pay(paid):
    world = paid
    sofia = world.client_for(world.sofia)
    assert sofia.get(url("balances", world.camacani)).status_code == 200
    assert sofia.get(receipt(world, world.maria_payout)).status_code == 200
    assert sofia.get(url("payout_create", world.camacani, world.maria.id)).status_code == 403


def test_teresa_cannot_reach_juli_records_through_camacani(paid):
    world = paid
    teresa = world.client_for(world.teresa)
    juli_entry = LedgerEntry.objects.filter(member=world.juli_member).first()
    assert teresa.get(url("payout_create", world.camacani, world.juli_member.id)).status_code == 404
    assert (
        teresa.get(url("payout_receipt", world.camacani, world.juli_payout.id)).status_code == 404
    )
    assert teresa.get(url("entry_reverse", world.camacani, juli_entry.id)).status_code == 404
    # Nor through Juli's own addresses, where she has no role.
    assert teresa.get(url("balances", world.juli)).status_code == 404


def test_nobody_signed_in_is_sent_to_the_login_page(paid):
    for name, address in every_camacani_url(paid).items():
        response = Client().get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
