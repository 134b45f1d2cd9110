"""A receipt lists every kind of line it pays (issue 16, point 5): piece earnings, sale
shares, and what is deducted from them (an advance handed over before, a fine)."""

from decimal import Decimal

from django.utils import timezone

from minka.ledger.models import EntryKind
from minka.ledger.selectors import earnings_in_payout
from minka.ledger.services import earning_add, entry_add, payout_make
from minka.ledger.tests.helpers import flat, pdf_text, url

TODAY = timezone.localdate()


def test_a_receipt_lists_earnings_sale_shares_and_the_advance_and_fine_it_deducts(world):
    maria = world.maria
    advance = payout_make(
        member=maria,
        amount=Decimal("20.00"),
        paid_on=TODAY,
        method="cash",
        as_advance=True,
        by=world.teresa,
    )
    earning_add(
        member=maria,
        quantity=2,
        unit_amount=Decimal("45.00"),
        description="Chompa trenzada, grado A",
        entry_date=TODAY,
    )
    entry_add(
        member=maria,
        kind=EntryKind.SALE_SHARE,
        amount=Decimal("24.99"),
        entry_date=TODAY,
        description="Venta S1-CAM-V0001: 1 x Chalina de alpaca",
    )
    entry_add(
        member=maria,
        kind=EntryKind.FINE,
        amount=Decimal("-5.00"),
        entry_date=TODAY,
        description="Inasistencia a la asamblea",
    )
    payout = payout_make(
        member=maria, amount=Decimal("89.99"), paid_on=TODAY, method="cash", by=world.teresa
    )
    lines = earnings_in_payout(payout)
    assert [(w.entry.kind, w.amount) for w in lines] == [
        (EntryKind.EARNING, Decimal("90.00")),
        (EntryKind.SALE_SHARE, Decimal("24.99")),
        (EntryKind.ADVANCE, Decimal("-20.00")),
        (EntryKind.FINE, Decimal("-5.00")),
    ]
    assert sum(w.amount for w in lines) == payout.amount
    assert earnings_in_payout(advance) == []  # it paid no work: there was none yet

    pdf = world.client_for(world.teresa).get(url("payout_receipt", world.camacani, payout.id))
    text = flat(pdf_text(pdf.content))
    assert "Chompa trenzada, grado A" in text
    assert "Parte de una venta: Venta S1-CAM-V0001: 1 x Chalina de alpaca" in text
    assert f"Adelanto: Recibo {advance.number} (se descuenta)" in text
    assert "Multa: Inasistencia a la asamblea (se descuenta)" in text
    assert "-20.00" in text and "-5.00" in text and "S/ 89.99" in text
    assert "no es igual" not in text  # the lines add up to the payout
    assert "SON: OCHENTA Y NUEVE CON 99/100 SOLES" in text
