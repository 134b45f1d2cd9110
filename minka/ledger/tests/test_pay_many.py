"""Teresa ticks several members on the balances page and pays them all at once."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from minka.ledger.models import Payout
from minka.ledger.services import earning_add, payout_make
from minka.ledger.tests.helpers import (
    TODAY,
    balance_of,
    counts,
    flat,
    pdf_pages,
    pdf_text,
    url,
)


def pay_many(client, world, members, seen=None, **data):
    seen = seen or {}
    form = {
        "member": [str(m.id) for m in members],
        **{f"seen_{m.id}": seen.get(m, str(balance_of(m))) for m in members},
        "paid_on": TODAY,
        "method": "cash",
    } | data
    return client.post(url("payouts_many", world.camacani), form)


def test_two_members_are_paid_at_once_with_one_pdf_of_two_receipts(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    response = pay_many(teresa, world, [world.maria, world.juana], method="yape")

    assert response.status_code == 302
    assert balance_of(world.maria) == 0 and balance_of(world.juana) == 0
    payouts = {p.member: p for p in Payout.objects.all()}
    assert payouts[world.maria].amount == Decimal("90.00")
    assert payouts[world.juana].amount == Decimal("75.00")
    assert {p.method for p in payouts.values()} == {"yape"}

    done = teresa.get(response["Location"])
    assert done.status_code == 200
    pdf_url = (
        url("payout_receipts", world.camacani)
        + "?ids="
        + ",".join(str(payouts[m].id) for m in (world.maria, world.juana))
    )
    assert pdf_url in done.content.decode()
    assert "Imprimir los 2 recibos" in done.content.decode()

    pdf = teresa.get(pdf_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf_pages(pdf.content) == 2
    pages = pdf_text(pdf.content).split("\f")
    assert "María Quispe Mamani" in pages[0] and "SON: NOVENTA CON 00/100 SOLES" in flat(pages[0])
    assert "Juana Condori Apaza" in pages[1]
    assert "SON: SETENTA Y CINCO CON 00/100 SOLES" in flat(pages[1])


def test_a_member_with_nothing_to_collect_cannot_be_included(delivered):
    world = delivered
    before = counts()
    response = pay_many(world.client_for(world.teresa), world, [world.maria, world.carmen])
    assert response.status_code == 400
    assert "Carmen Huanca Ccama no tiene saldo por cobrar." in response.content.decode()
    assert counts() == before  # María is not paid either: all or nothing


def test_a_member_whose_balance_changed_since_the_page_was_opened_stops_the_payment(delivered):
    world = delivered
    before = counts()
    response = pay_many(
        world.client_for(world.teresa),
        world,
        [world.maria, world.juana],
        seen={world.maria: "45.00"},
    )
    assert response.status_code == 400
    assert "El saldo de María Quispe Mamani cambió: ahora es S/ 90.00." in (
        response.content.decode()
    )
    assert counts() == before


def test_a_member_of_another_group_cannot_be_slipped_in(delivered):
    world = delivered
    earning_add(
        member=world.juli_member,
        quantity=1,
        unit_amount=Decimal("45.00"),
        description="Chompa",
        entry_date=timezone.localdate(),
    )
    before = counts()
    response = pay_many(world.client_for(world.teresa), world, [world.maria, world.juli_member])
    assert response.status_code == 404
    assert counts() == before


@pytest.mark.parametrize("forged", ["not-a-uuid", "", "1; DROP TABLE ledger"])
def test_a_malformed_member_id_is_refused_without_a_server_error(delivered, forged):
    world = delivered
    before = counts()
    response = world.client_for(world.teresa).post(
        url("payouts_many", world.camacani),
        {
            "member": [str(world.maria.id), forged],
            f"seen_{world.maria.id}": "90.00",
            "paid_on": TODAY,
            "method": "cash",
        },
    )
    assert response.status_code == 400
    assert "La lista de socias no es válida." in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("seen", ["", "abc", "Infinity"])
def test_a_malformed_seen_balance_is_refused(delivered, seen):
    world = delivered
    before = counts()
    response = pay_many(
        world.client_for(world.teresa), world, [world.maria], seen={world.maria: seen}
    )
    assert response.status_code == 400
    assert "No se sabe qué saldo vio para María Quispe Mamani." in response.content.decode()
    assert counts() == before


def test_nobody_ticked_or_no_date_is_a_clear_refusal(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    before = counts()
    nobody = pay_many(teresa, world, [])
    assert nobody.status_code == 400
    assert "Elija al menos una socia." in nobody.content.decode()
    no_date = pay_many(teresa, world, [world.maria], paid_on="31/02/2026")
    assert no_date.status_code == 400
    assert "Escriba una fecha que exista" in no_date.content.decode()
    # What she had ticked stays ticked.
    assert re.search(
        rf'value="{world.maria.id}" id="pay-{world.maria.id}"\s+checked', no_date.content.decode()
    )
    assert counts() == before


def test_paying_many_is_a_post(delivered):
    world = delivered
    assert (
        world.client_for(world.teresa).get(url("payouts_many", world.camacani)).status_code == 405
    )


def test_receipts_of_another_group_or_malformed_ids_are_not_found(delivered):
    world = delivered
    mine = payout_make(
        member=world.maria,
        amount=Decimal("10.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    theirs = payout_make(
        member=world.juli_member,
        amount=Decimal("10.00"),
        as_advance=True,
        paid_on=timezone.localdate(),
        method="cash",
        by=world.lucia,
    )
    teresa = world.client_for(world.teresa)
    batch = url("payout_receipts", world.camacani)
    done = url("payouts_done", world.camacani)
    assert teresa.get(f"{batch}?ids={mine.id}").status_code == 200
    for query in (
        f"?ids={mine.id},{theirs.id}",
        f"?ids={theirs.id}",
        "?ids=xyz",
        f"?ids={mine.id},xyz",
        "?ids=",
        "",
        "?ids=,,,",
    ):
        assert teresa.get(batch + query).status_code == 404, query
        assert teresa.get(done + query).status_code == 404, query
