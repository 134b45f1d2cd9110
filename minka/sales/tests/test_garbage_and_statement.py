"""Garbage on every selling form is refused with a message, never a server error; and
María sees her share of a sale on her own statement."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from minka.ledger.models import LedgerEntry
from minka.sales.indicators import member_sales
from minka.sales.models import FundEntry, Location, Sale, Settlement, ShareRule, StockMove
from minka.sales.tests.conftest import Shop, key, url

GARBAGE = ["", "x", "-1", "0", "99999999999999", "31/02/2026", "<script>", "1e9", "NaN"]


def counts():
    return (
        Sale.objects.count(),
        StockMove.objects.count(),
        LedgerEntry.objects.count(),
        FundEntry.objects.count(),
        Settlement.objects.count(),
        Location.objects.count(),
        ShareRule.objects.count(),
    )


@pytest.mark.parametrize("junk", GARBAGE)
def test_garbage_is_refused_without_a_server_error(selling: Shop, junk: str) -> None:
    w = selling.world
    teresa, rosa = w.client_for(w.teresa), w.client_for(w.rosa)
    g = w.camacani
    before = counts()
    posts = [
        (teresa, url("quick_sale", g), {f"q_{key(w.sweater, w.maria)}": junk, "method": junk}),
        (teresa, url("quick_sale", g), {f"q_{key(w.sweater, w.maria)}": "1", "total": junk}),
        (teresa, url("stock", g), {"location": junk, "product": junk, "quantity": junk}),
        (teresa, url("stock_move", g, selling.shop.id), {"target": junk, f"q_{junk}": "1"}),
        (
            teresa,
            url("store_report", g, selling.store.id),
            {f"sold_{key(w.sweater, w.maria)}": junk, "back_to": ""},
        ),
        (teresa, url("settlement_create", g, selling.store.id), {"start": junk, "end": junk}),
        (teresa, url("fund", g), {"amount": junk, "category": junk, "on": junk}),
        (teresa, url("location_create", g), {"name": junk, "kind": junk}),
        (
            rosa,
            url("share_rule", g),
            {"mode": junk, "maker_percent": junk, "fixed_per_piece": junk},
        ),
        (rosa, url("catalogue_edit", g, w.sweater.id), {"maker": junk, "maker_consent": "on"}),
    ]
    for client, path, data in posts:
        response = client.post(path, data, follow=True)
        assert response.status_code == 200, (path, data)
    gets = [
        url("store_detail", g, selling.store.id) + f"?start={junk}&end={junk}",
        url("quick_sale", g) + "?at=" + junk,
    ]
    for path in gets:
        assert teresa.get(path).status_code in {200, 404}
    assert counts() == before


def test_maria_sees_her_share_on_her_statement(selling: Shop) -> None:
    w = selling.world
    w.client_for(w.teresa).post(
        url("quick_sale", w.camacani),
        {f"q_{key(w.sweater, w.maria)}": "1", "method": "cash"},
    )
    page = w.client_for(w.maria_user).get(url("member_statement", w.camacani, w.maria.id))
    html = page.content.decode()
    assert "Parte de una venta: Venta S1-CAM-V0001: 1 x Chompa trenzada" in html
    assert "S/ 81.00" in html
    summary = member_sales(w.maria)
    assert summary.pieces_sold == 1 and summary.shares == Decimal("81.00")
    assert summary.in_stock == [
        ("Tienda del centro", "Chalina de alpaca", 5),
        ("Tienda del centro", "Chompa trenzada", 2),
    ]
    part = render_to_string("sales/_member_sales.html", {"sales": summary})
    assert "Piezas vendidas: 1" in part and "S/ 81.00" in part
    # María may not open the selling pages of her group.
    assert w.client_for(w.maria_user).get(url("sales_home", w.camacani)).status_code == 403
