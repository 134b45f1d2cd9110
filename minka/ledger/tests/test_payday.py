"""Pay day (issue 16, point 5): Teresa, the treasurer, opens the plan, sees what each
woman is paid in cash (rounded down to the smallest coin, the rest left on her account),
the notes and coins she needs, pays everyone in one action and prints the planilla."""

import random
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from minka.cash.models import CashEntry, Direction
from minka.ledger.models import Payout
from minka.ledger.payday import notes_and_coins, payday_plan, round_down
from minka.ledger.services import earning_add
from minka.ledger.tests.helpers import TODAY, balance_of, flat, pdf_text, url


def earn(member, amount: str) -> None:
    earning_add(
        member=member,
        quantity=1,
        unit_amount=Decimal(amount),
        description="Chompa trenzada",
        entry_date=timezone.localdate(),
    )


@pytest.fixture
def owed(world):
    """María is owed S/ 32.07, Juana S/ 15.55, Carmen S/ 0.05 (less than a coin)."""
    earn(world.maria, "32.07")
    earn(world.juana, "15.55")
    earn(world.carmen, "0.05")
    return world


def pay_all_form(html: str, **data: str) -> dict[str, str]:
    form = dict(re.findall(r'name="(seen_[0-9a-f-]+)" value="([^"]+)"', html))
    token = re.search(r'name="token" value="([^"]+)"', html)
    coin = re.search(r'name="coin" value="([^"]+)"', html)
    assert token and coin
    fields = {"token": token.group(1), "coin": coin.group(1), "paid_on": TODAY, "method": "cash"}
    return form | fields | data


def test_rounding_down_loses_and_invents_nothing():
    rng = random.Random(16)
    for coin in (Decimal("0.10"), Decimal("0.20"), Decimal("0.50"), Decimal("1.00")):
        owed = [Decimal(rng.randint(1, 500_000)) / 100 for _ in range(500)]
        paid = [round_down(o, coin) for o in owed]
        left = [o - p for o, p in zip(owed, paid, strict=True)]
        assert sum(paid) + sum(left) == sum(owed)
        assert all(Decimal("0") <= x < coin for x in left)
        assert all(p % coin == 0 for p in paid)
        for p in paid:
            assert sum(v * n for v, n in notes_and_coins(p).items()) == p
    assert notes_and_coins(Decimal("32.00")) == {
        Decimal("20"): 1,
        Decimal("10"): 1,
        Decimal("2"): 1,
    }
    assert notes_and_coins(Decimal("388.90")) == {
        Decimal("200"): 1, Decimal("100"): 1, Decimal("50"): 1, Decimal("20"): 1,
        Decimal("10"): 1, Decimal("5"): 1, Decimal("2"): 1, Decimal("1"): 1,
        Decimal("0.50"): 1, Decimal("0.20"): 2,
    }  # fmt: skip


def test_the_plan_pays_in_cash_and_leaves_the_cents_on_her_account(owed):
    world = owed
    plan = payday_plan(world.camacani, coin=Decimal("0.10"))
    lines = {line.member: (line.owed, line.pay, line.left) for line in plan.lines}
    assert lines == {
        world.maria: (Decimal("32.07"), Decimal("32.00"), Decimal("0.07")),
        world.juana: (Decimal("15.55"), Decimal("15.50"), Decimal("0.05")),
        world.carmen: (Decimal("0.05"), Decimal("0.00"), Decimal("0.05")),
    }
    assert plan.to_pay + plan.left == plan.money.owed == Decimal("47.67")
    # 32.00 = 20 + 10 + 2; 15.50 = 10 + 5 + 0.50
    assert [(p.value, p.count) for p in plan.cash] == [
        (Decimal("20"), 1), (Decimal("10"), 2), (Decimal("5"), 1), (Decimal("2"), 1),
        (Decimal("0.50"), 1),
    ]  # fmt: skip
    coarse = payday_plan(world.camacani, coin=Decimal("1.00"))
    assert [line.pay for line in coarse.payable] == [Decimal("32.00"), Decimal("15.00")]
    assert coarse.to_pay + coarse.left == coarse.money.owed


def test_teresa_pays_everyone_in_one_action_and_prints_the_planilla(owed):
    world = owed
    teresa = world.client_for(world.teresa)
    page = teresa.get(url("payday_plan", world.camacani))
    assert page.status_code == 200
    html = page.content.decode()
    assert "S/ 47.67" in html and "S/ 47.50" in html and "S/ 0.17" in html
    assert "Pagar S/ 47.50 a las 2 socias" in html

    response = teresa.post(url("payday_pay", world.camacani), pay_all_form(html, method="cash"))
    assert response.status_code == 302
    payouts = list(Payout.objects.order_by("number"))
    assert [(p.member, p.amount) for p in payouts] == [
        (world.maria, Decimal("32.00")),
        (world.juana, Decimal("15.50")),
    ]
    assert (balance_of(world.maria), balance_of(world.juana), balance_of(world.carmen)) == (
        Decimal("0.07"),
        Decimal("0.05"),
        Decimal("0.05"),
    )
    out = CashEntry.objects.filter(group=world.camacani, direction=Direction.OUT)
    assert sorted(e.amount for e in out) == [Decimal("15.50"), Decimal("32.00")]
    assert {e.source_id for e in out} == {p.id for p in payouts}

    done = teresa.get(response["Location"]).content.decode()
    sheet_url = re.search(r'href="([^"]*sheet\.pdf\?ids=[^"]+)"', done)
    assert sheet_url
    sheet = teresa.get(sheet_url.group(1).replace("&amp;", "&"))
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
    text = flat(pdf_text(sheet.content))
    assert "PLANILLA DE PAGOS" in text
    assert "María Quispe Mamani" in text and "Juana Condori Apaza" in text
    assert "S/ 32.00" in text and "S/ 15.50" in text
    assert "SON: TREINTA Y DOS CON 00/100 SOLES" in text
    assert "SON: QUINCE CON 50/100 SOLES" in text
    assert "Firma o huella digital" in text
    assert "SON: CUARENTA Y SIETE CON 50/100 SOLES" in text  # the total


def test_the_same_pay_all_sent_twice_pays_once(owed):
    world = owed
    teresa = world.client_for(world.teresa)
    form = pay_all_form(teresa.get(url("payday_plan", world.camacani)).content.decode())
    first = teresa.post(url("payday_pay", world.camacani), form)
    second = teresa.post(url("payday_pay", world.camacani), form)
    assert first.status_code == second.status_code == 302
    assert Payout.objects.count() == 2
    assert CashEntry.objects.filter(direction=Direction.OUT).count() == 2
    assert first["Location"].split("?ids=")[1].split(",") != []
    assert sorted(first["Location"].split("?ids=")[1].split(",")) == sorted(
        second["Location"].split("?ids=")[1].split(",")
    )


def test_a_balance_that_changed_after_the_plan_was_drawn_pays_nobody(owed):
    world = owed
    teresa = world.client_for(world.teresa)
    form = pay_all_form(teresa.get(url("payday_plan", world.camacani)).content.decode())
    earn(world.juana, "10.00")  # a delivery recorded meanwhile
    response = teresa.post(url("payday_pay", world.camacani), form)
    assert response.status_code == 400
    assert (
        "Lo que se paga a Juana Condori Apaza cambió: ahora es S/ 25.50"
        in response.content.decode()
    )
    assert Payout.objects.count() == 0 and CashEntry.objects.count() == 0


def test_bad_input_pays_nobody_and_says_why(owed):
    world = owed
    teresa = world.client_for(world.teresa)
    form = pay_all_form(teresa.get(url("payday_plan", world.camacani)).content.decode())
    for bad in ({"paid_on": "31/02/2026"}, {"method": "bitcoin"}, {"coin": "0.05"}):
        response = teresa.post(url("payday_pay", world.camacani), form | bad)
        assert response.status_code == 400
    seen = {k: v for k, v in form.items() if not k.startswith("seen_")}
    response = teresa.post(url("payday_pay", world.camacani), seen)
    assert response.status_code == 400 and "Vuelva a abrir la página" in response.content.decode()
    assert teresa.get(url("payday_plan", world.camacani) + "?coin=abc").status_code == 200
    assert Payout.objects.count() == 0


def test_who_may_see_the_plan_and_who_may_pay(owed):
    world = owed
    plan_url = url("payday_plan", world.camacani)
    rosa = world.client_for(world.rosa)  # the coordinator sees the plan, cannot pay
    page = rosa.get(plan_url)
    assert page.status_code == 200 and "S/ 47.67" in page.content.decode()
    assert 'data-testid="pay-all"' not in page.content.decode()
    form = pay_all_form(world.client_for(world.teresa).get(plan_url).content.decode())
    assert rosa.post(url("payday_pay", world.camacani), form).status_code == 403
    assert world.client_for(world.maria_user).get(plan_url).status_code == 403
    assert world.client_for(world.lucia).get(plan_url).status_code == 404
    assert (
        world.client_for(world.lucia).post(url("payday_pay", world.camacani), form).status_code
        == 404
    )
    assert world.client_for(world.sofia).get(plan_url).status_code == 200  # the organisation
    assert Payout.objects.count() == 0
