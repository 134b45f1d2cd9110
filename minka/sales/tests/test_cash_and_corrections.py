"""Issue 16, points 4 and 8: every sale paid on the spot, a refund, a store's payment and
the fund's spending are in the group's one cash book; cancelling a sale whose maker was
already paid says so before, and leaves a correction she can read."""

from decimal import Decimal

from minka.cash.models import CashEntry, Direction
from minka.cash.services import cash_balance
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.selectors import member_balance
from minka.ledger.services import payout_make
from minka.sales import services
from minka.sales.models import ExpenseCategory, Settlement
from minka.sales.selectors import Item
from minka.sales.tests.conftest import TODAY, Shop, url


def sell(selling: Shop, n: int = 1, method: str = "cash"):
    w = selling.world
    return services.sale_record(
        location=selling.shop,
        items=[Item(selling.scarf, w.maria, "own", n)],
        method=method,
        on=TODAY,
        by=w.teresa,
    )


def test_sales_refunds_fund_spending_and_store_payments_all_reach_the_cash_book(selling):
    w = selling.world
    sale = sell(selling, 2, method="plin")  # 2 x 55.55
    assert cash_balance(w.camacani) == Decimal("111.10")
    assert cash_balance(w.camacani, method="plin") == Decimal("111.10")
    services.fund_expense(
        group=w.camacani,
        amount=Decimal("20.00"),
        category=ExpenseCategory.TRANSPORT,
        description="Pasaje a la feria",
        on=TODAY,
        by=w.teresa,
    )
    assert cash_balance(w.camacani, method="cash") == Decimal("-20.00")
    services.sale_void(sale=sale, reason="Error de registro", on=TODAY, by=w.teresa)
    assert cash_balance(w.camacani, method="plin") == Decimal("0.00")

    # A store sells and settles; nothing enters the box until the store pays.
    services.stock_move(
        source=selling.shop,
        target=selling.store,
        items=[Item(selling.scarf, w.juana, "own", 2)],
        on=TODAY,
        by=w.teresa,
    )
    services.store_report(
        store=selling.store,
        sold=[Item(selling.scarf, w.juana, "own", 2)],
        returned=[],
        back_to=None,
        on=TODAY,
        by=w.teresa,
    )
    before = cash_balance(w.camacani)
    settlement = services.settlement_make(store=selling.store, start=TODAY, end=TODAY, by=w.teresa)
    assert cash_balance(w.camacani) == before
    owed = settlement.owed_to_group
    teresa = w.client_for(w.teresa)
    page = teresa.get(url("settlement_detail", w.camacani, settlement.id)).content.decode()
    assert "La tienda nos pagó" in page
    paid_url = url("settlement_paid", w.camacani, settlement.id)
    part = {"amount": "10.00", "method": "transfer", "on": TODAY.strftime("%d/%m/%Y")}
    assert teresa.post(paid_url, part).status_code == 302
    too_much = teresa.post(paid_url, part | {"amount": str(owed)}, follow=True)
    assert "La tienda solo debe" in too_much.content.decode()
    assert teresa.post(paid_url, part | {"amount": str(owed - 10)}).status_code == 302
    page = teresa.get(url("settlement_detail", w.camacani, settlement.id)).content.decode()
    assert "La tienda ya pagó esta liquidación." in page
    assert cash_balance(w.camacani, method="transfer") == owed
    assert teresa.post(paid_url, part | {"amount": "0.01"}).status_code == 302
    assert cash_balance(w.camacani, method="transfer") == owed  # refused: nothing more due
    # An outsider cannot record a payment; a member cannot either.
    assert w.client_for(w.lucia).post(paid_url, part).status_code == 404
    assert w.client_for(w.maria_user).post(paid_url, part).status_code == 403
    assert Settlement.objects.get().payments.count() == 2


def test_cancelling_a_sale_whose_maker_was_paid_says_so_first_and_explains_the_debt(selling):
    w = selling.world
    sale = sell(selling, 1)  # the scarf: S/ 55.55, her share 45 %: S/ 24.99
    share = member_balance(w.maria)
    assert share == Decimal("24.99")
    payout_make(member=w.maria, amount=share, paid_on=TODAY, method="cash", by=w.teresa)
    teresa = w.client_for(w.teresa)
    page = teresa.get(url("sale_detail", w.camacani, sale.id)).content.decode()
    assert "Al anular pasará esto:" in page
    assert "Sale S/ 55.55 de la caja: se devuelve al comprador." in page
    assert (
        "A María Quispe Mamani se le quita su parte de S/ 24.99: su saldo pasa de S/ 0.00 a "
        "-S/ 24.99." in page
    )
    assert "Ya cobró esta parte" in page
    assert member_balance(w.maria) == 0  # the screen changed nothing

    response = teresa.post(url("sale_void", w.camacani, sale.id), {"reason": "Se anotó mal"})
    assert response.status_code == 302
    assert member_balance(w.maria) == Decimal("-24.99")
    correction = LedgerEntry.objects.get(member=w.maria, kind=EntryKind.REVERSAL)
    assert sale.number in correction.description
    assert "ya se le pagó y se descuenta de lo que gane después" in correction.description
    refund = CashEntry.objects.get(direction=Direction.OUT, source_id=sale.id)
    assert refund.amount == Decimal("55.55")
