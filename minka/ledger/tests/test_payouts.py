"""Teresa, the treasurer, pays María for her sweaters and prints the receipt."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from minka.ledger.models import EntryKind, LedgerEntry, Payout
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


def pay(client, world, member, **data):
    form = {"amount": "90.00", "paid_on": TODAY, "method": "cash"} | data
    return client.post(url("payout_create", world.camacani, member.id), form)


def test_a_delivery_shows_up_as_earnings_on_the_balances_page(delivered):
    world = delivered
    page = world.client_for(world.teresa).get(url("balances", world.camacani))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="balance-1"><strong>S/ 90.00</strong>' in html  # María
    assert 'data-testid="balance-2"><strong>S/ 75.00</strong>' in html  # Juana
    assert 'data-testid="balance-3"><strong>S/ 0.00</strong>' in html  # Carmen: no knitting
    assert 'data-testid="balance-total">S/ 165.00' in html
    # Only members with something to collect can be ticked for paying all at once.
    assert f'name="member" value="{world.maria.id}"' in html
    assert f'name="member" value="{world.carmen.id}"' not in html
    assert url("payout_create", world.camacani, world.maria.id) in html
    assert url("member_statement", world.camacani, world.maria.id) in html


def test_the_pay_form_offers_her_whole_balance(delivered):
    world = delivered
    page = world.client_for(world.teresa).get(url("payout_create", world.camacani, world.maria.id))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="amount" value="90.00"' in html
    assert f'name="paid_on" value="{TODAY}"' in html


def test_teresa_pays_maria_in_full_and_prints_a_receipt(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    response = pay(teresa, world, world.maria)

    payout = Payout.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("payouts_done", world.camacani) + f"?ids={payout.id}"
    assert balance_of(world.maria) == 0
    assert (payout.member, payout.amount, payout.is_advance) == (
        world.maria,
        Decimal("90.00"),
        False,
    )
    entry = LedgerEntry.objects.get(payout=payout)
    assert (entry.kind, entry.amount, entry.member) == (
        EntryKind.PAYOUT,
        Decimal("-90.00"),
        world.maria,
    )

    done = teresa.get(response["Location"])
    receipt_url = url("payout_receipt", world.camacani, payout.id)
    assert done.status_code == 200
    assert payout.number in done.content.decode()
    assert f'href="{receipt_url}"' in done.content.decode()

    receipt = teresa.get(receipt_url)
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt["Content-Disposition"] == f'inline; filename="recibo-{payout.number}.pdf"'
    assert receipt.content.startswith(b"%PDF")
    text = flat(pdf_text(receipt.content))
    assert "Asociación Camacani" in text and "Camacani, Puno" in text
    assert payout.number in text
    assert "María Quispe Mamani" in text and "Socia N.º 1" in text
    assert f"Fecha: {TODAY}" in text
    assert "S/ 90.00" in text
    assert "SON: NOVENTA CON 00/100 SOLES" in text
    assert "Chompa trenzada — Grado A" in text  # the pieces she is paid for, with an em dash
    assert "Efectivo" in text and "Teresa" in text
    assert "Firma o huella digital" in text and "Firma de la tesorera" in text
    assert "ADELANTO" not in text


def test_more_than_her_balance_is_refused_and_nothing_is_written(delivered):
    world = delivered
    before = counts()
    response = pay(world.client_for(world.teresa), world, world.maria, amount="100.00")
    assert response.status_code == 400
    assert (
        "María Quispe Mamani tiene un saldo de S/ 90.00. Para pagar S/ 100.00 regístrelo "
        "como adelanto." in response.content.decode()
    )
    assert counts() == before
    assert balance_of(world.maria) == Decimal("90.00")


def test_the_same_payment_as_an_advance_is_accepted_and_she_then_owes(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    response = pay(teresa, world, world.maria, amount="1,324.50", as_advance="on")
    assert response.status_code == 302
    payout = Payout.objects.get()
    assert payout.is_advance and payout.amount == Decimal("1324.50")
    assert LedgerEntry.objects.get(payout=payout).kind == EntryKind.ADVANCE
    assert balance_of(world.maria) == Decimal("-1234.50")

    text = flat(pdf_text(teresa.get(url("payout_receipt", world.camacani, payout.id)).content))
    assert "S/ 1,324.50" in text
    assert "SON: MIL TRESCIENTOS VEINTICUATRO CON 50/100 SOLES" in text
    assert "ADELANTO" in text
    balances = teresa.get(url("balances", world.camacani)).content.decode()
    assert 'data-testid="balance-1"><strong>-S/ 1,234.50</strong>' in balances


def test_the_advance_box_ticked_for_a_sum_she_is_owed_is_an_ordinary_payment(delivered):
    world = delivered
    pay(world.client_for(world.teresa), world, world.maria, amount="50.00", as_advance="on")
    payout = Payout.objects.get()
    assert not payout.is_advance
    assert LedgerEntry.objects.get(payout=payout).kind == EntryKind.PAYOUT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-5", "El monto debe ser mayor que cero."),
        ("amount", "0", "El monto debe ser mayor que cero."),
        ("amount", "0.00", "El monto debe ser mayor que cero."),
        ("amount", "abc", "Escriba el monto con números, por ejemplo 120.50."),
        ("amount", "NaN", "Escriba el monto con números, por ejemplo 120.50."),
        ("amount", "12,50", "Escriba el monto con números, por ejemplo 120.50."),
        ("amount", "10.005", "El monto tiene como máximo 2 decimales (céntimos)."),
        ("amount", "99999999999", "Ese monto es demasiado grande."),
        ("amount", "", "Escriba el monto."),
        ("paid_on", "31/02/2026", "Escriba una fecha que exista, como dd/mm/aaaa"),
        ("paid_on", "2026-13-01", "Escriba una fecha que exista, como dd/mm/aaaa"),
        ("paid_on", "", "Escriba la fecha del pago."),
        ("method", "cheque", "Elija una forma de pago de la lista."),
        ("method", "", "Elija una forma de pago."),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(delivered, field, value, message):
    world = delivered
    before = counts()
    response = pay(world.client_for(world.teresa), world, world.maria, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_a_payment_dated_in_the_future_is_refused(delivered):
    world = delivered
    before = counts()
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = pay(world.client_for(world.teresa), world, world.maria, paid_on=tomorrow)
    assert response.status_code == 400
    assert "La fecha del pago no puede ser futura." in response.content.decode()
    assert counts() == before


def test_amounts_are_read_as_peru_writes_them(delivered):
    world = delivered
    response = pay(world.client_for(world.teresa), world, world.maria, amount="S/ 45.50")
    assert response.status_code == 302
    assert Payout.objects.get().amount == Decimal("45.50")
    assert balance_of(world.maria) == Decimal("44.50")


def test_dates_are_day_first_even_in_english(delivered):
    world = delivered
    teresa = world.client_for(world.teresa)
    teresa.post("/i18n/setlang/", {"language": "en"})
    yesterday = timezone.localdate() - timedelta(days=1)
    pay(teresa, world, world.maria, paid_on=yesterday.strftime("%d/%m/%Y"))
    payout = Payout.objects.get()
    assert payout.paid_on == yesterday
    # The receipt stays in Spanish, as the member keeps it.
    text = flat(pdf_text(teresa.get(url("payout_receipt", world.camacani, payout.id)).content))
    assert "RECIBO DE PAGO" in text and "Firma o huella digital" in text


APOSTROPHE = "\u2019"  # the typographic apostrophe of many Quechua names; not latin-1


def test_a_receipt_prints_names_beyond_latin_1(world):
    world.maria.first_name = "Ñusta"
    world.maria.last_name = f"Q{APOSTROPHE}ispe Mamani"
    world.maria.save()
    earning_add(
        member=world.maria,
        quantity=3,
        unit_amount=Decimal("12.35"),
        description=f"Chullo “Pallay” — Q{APOSTROPHE}ero ≥ 2 👍",
        entry_date=timezone.localdate(),
    )
    payout = payout_make(
        member=world.maria,
        amount=Decimal("37.05"),
        paid_on=timezone.localdate(),
        method="yape",
        by=world.teresa,
    )
    receipt = world.client_for(world.teresa).get(url("payout_receipt", world.camacani, payout.id))
    assert receipt.status_code == 200
    text = flat(pdf_text(receipt.content))
    assert f"Ñusta Q{APOSTROPHE}ispe Mamani" in text
    assert f"Chullo “Pallay” — Q{APOSTROPHE}ero ≥ 2" in text
    assert "SON: TREINTA Y SIETE CON 05/100 SOLES" in text
    assert "Forma de pago: Yape" in text


def test_receipts_pay_work_first_earned_first_paid(world):
    """Two payouts share one line of work: each receipt shows the part it pays."""
    earning_add(
        member=world.maria,
        quantity=2,
        unit_amount=Decimal("45.00"),
        description="Chompa",
        entry_date=timezone.localdate(),
    )
    first = payout_make(
        member=world.maria,
        amount=Decimal("50.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    second = payout_make(
        member=world.maria,
        amount=Decimal("40.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    teresa = world.client_for(world.teresa)
    text = flat(pdf_text(teresa.get(url("payout_receipt", world.camacani, first.id)).content))
    assert "Chompa (se paga una parte: 50.00 de 90.00)" in text
    text = flat(pdf_text(teresa.get(url("payout_receipt", world.camacani, second.id)).content))
    assert "Chompa (se paga una parte: 40.00 de 90.00)" in text
    assert "SON: CUARENTA CON 00/100 SOLES" in text
    assert "no es igual al total" not in text


def test_an_advance_with_no_work_behind_it_says_so(world):
    advance = payout_make(
        member=world.maria,
        amount=Decimal("40.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
        as_advance=True,
    )
    receipt = world.client_for(world.teresa).get(url("payout_receipt", world.camacani, advance.id))
    text = flat(pdf_text(receipt.content))
    assert "Pago a cuenta de su saldo." in text
    assert "ADELANTO" in text


def test_a_balance_of_small_sums_is_paid_to_the_cent(world):
    """SQLite adds decimals as floats (0.01 + 0.04 + 0.01 is not 0.06 there); the balance
    is rounded to the cent, so paying exactly what she is owed is never refused."""
    for rate in ("0.01", "0.04", "0.01"):
        earning_add(
            member=world.maria,
            quantity=1,
            unit_amount=Decimal(rate),
            description="Muestra",
            entry_date=timezone.localdate(),
        )
    response = pay(world.client_for(world.teresa), world, world.maria, amount="0.06")
    assert response.status_code == 302
    assert balance_of(world.maria) == 0


def test_a_receipt_with_many_pieces_stays_on_one_page_to_be_signed(world):
    for n in range(1, 31):
        earning_add(
            member=world.maria,
            quantity=1,
            unit_amount=Decimal("10.00"),
            description=f"Chullo {n} — Grado A",
            entry_date=timezone.localdate(),
        )
    payout = payout_make(
        member=world.maria,
        amount=Decimal("300.00"),
        paid_on=timezone.localdate(),
        method="cash",
        by=world.teresa,
    )
    pdf = world.client_for(world.teresa).get(url("payout_receipt", world.camacani, payout.id))
    assert pdf_pages(pdf.content) == 1
    text = flat(pdf_text(pdf.content))
    assert "Chullo 1 — Grado A" in text
    assert "trabajos más" in text  # the rest summed up in one line; her statement lists all
    assert "S/ 300.00" in text and "Firma o huella digital" in text


def test_a_payout_dated_long_ago_is_refused(delivered):
    from minka.ledger.models import Payout

    world = delivered
    before = Payout.objects.count()
    page = world.client_for(world.teresa).post(
        url("payout_create", world.camacani, world.maria.id),
        {"amount": "10.00", "paid_on": "01/01/1800", "method": "cash"},
    )
    assert page.status_code == 400  # the form again, with what to fix
    assert "demasiado antigua" in page.content.decode()
    assert Payout.objects.count() == before
