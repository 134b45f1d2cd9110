"""The pay sheet (planilla de pagos) of a pay day: A4 landscape, one row per woman with
her amount in figures and in words and a box to sign or put her thumbprint, the total
at the end and the treasurer's signature. Printed in the site's language (Spanish,
Peru), as the receipts are.

The drawing takes plain rows (`SheetRow`), so it can be timed without a database
(bench/payday.py)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from minka.ledger.models import Payout
from minka.lib.money import amount_in_words, format_money
from minka.lib.pdf import Document

ROW_HEIGHT = 19  # mm: room for a thumbprint
COLUMNS = (12, 62, 24, 30, 82, 57)  # N.º, socia, recibo, monto, en letras, firma o huella


@dataclass(frozen=True)
class SheetRow:
    number: int
    name: str
    receipt: str
    amount: Decimal


def sheet_rows(payouts: Sequence[Payout]) -> list[SheetRow]:
    return [SheetRow(p.member.number, p.member.full_name, p.number, p.amount) for p in payouts]


def pay_sheet_pdf(
    *,
    group_name: str,
    place: str,
    paid_on: date,
    method: str,
    treasurer: str,
    rows: Sequence[SheetRow],
) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        doc = Document(title=_("Planilla de pagos"))
        doc.set_auto_page_break(auto=True, margin=12)
        doc.add_page(orientation="landscape")
        width = doc.content_width
        doc.text_font(16, bold=True)
        doc.cell(width * 0.6, doc.line_height(), group_name, new_x="RIGHT", new_y="TOP")
        doc.cell(width * 0.4, doc.line_height(), _("PLANILLA DE PAGOS"), align="R")
        doc.ln()
        doc.text_font(11)
        doc.cell(width * 0.6, doc.line_height(), place, new_x="RIGHT", new_y="TOP")
        doc.cell(
            width * 0.4,
            doc.line_height(),
            _("Fecha: %(date)s · %(method)s")
            % {"date": paid_on.strftime("%d/%m/%Y"), "method": method},
            align="R",
        )
        doc.ln(doc.line_height() + 2)
        total = sum((row.amount for row in rows), Decimal("0"))
        doc.text_font(10)
        with doc.table(
            col_widths=COLUMNS,
            width=sum(COLUMNS),
            text_align=("RIGHT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT"),
            line_height=doc.line_height(1.25),
            min_row_height=ROW_HEIGHT,
            v_align="MIDDLE",
            repeat_headings=1,
        ) as table:
            head = table.row()
            for text in (
                _("N.º"),
                _("Socia"),
                _("Recibo"),
                _("Monto"),
                _("Monto en letras"),
                _("Firma o huella digital"),
            ):
                head.cell(text)
            for row in rows:
                line = table.row()
                line.cell(str(row.number))
                line.cell(row.name)
                line.cell(row.receipt)
                line.cell(format_money(row.amount))
                line.cell(amount_in_words(row.amount))
                line.cell("")
        doc.ln(3)
        doc.text_font(12, bold=True)
        doc.multi_cell(
            width,
            doc.line_height(),
            _("Total pagado a %(n)d socias: %(total)s — %(words)s")
            % {"n": len(rows), "total": format_money(total), "words": amount_in_words(total)},
            new_x="LMARGIN",
        )
        if doc.get_y() > doc.h - doc.b_margin - 22:
            doc.add_page(orientation="landscape")
        doc.ln(14)
        x = doc.l_margin + width - 90
        doc.line(x, doc.get_y(), x + 90, doc.get_y())
        doc.set_x(x)
        doc.text_font(11)
        doc.cell(90, doc.line_height(), _("Firma de la tesorera: %(name)s") % {"name": treasurer})
        return doc.to_bytes()


def payouts_sheet_pdf(payouts: Sequence[Payout]) -> bytes:
    first = payouts[0]
    methods = sorted({p.get_method_display() for p in payouts})
    payer = first.paid_by
    return pay_sheet_pdf(
        group_name=first.group.name,
        place=first.group.place,
        paid_on=first.paid_on,
        method=", ".join(str(m) for m in methods),
        treasurer=payer.get_full_name() or payer.get_username(),
        rows=sheet_rows(payouts),
    )
