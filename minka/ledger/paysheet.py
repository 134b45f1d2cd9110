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
COLUMNS = (12, 60, 30, 30, 80, 55)  # N.º, socia, recibo, monto, en letras, firma o huella


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
        headings = (
            _("N.º"),
            _("Socia"),
            _("Recibo"),
            _("Monto"),
            _("Monto en letras"),
            _("Firma o huella digital"),
        )
        widths: dict[str, float] = {}
        _draw_row(doc, headings, height=9, widths={}, bold=True)
        bottom = doc.h - doc.b_margin
        for row in rows:
            if doc.get_y() + ROW_HEIGHT > bottom:
                doc.add_page(orientation="landscape")
                _draw_row(doc, headings, height=9, widths={}, bold=True)
            _draw_row(
                doc,
                (
                    str(row.number),
                    row.name,
                    row.receipt,
                    format_money(row.amount),
                    amount_in_words(row.amount),
                    "",
                ),
                height=ROW_HEIGHT,
                widths=widths,
            )
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


ALIGN = ("R", "L", "L", "R", "L", "L")


def _wrapped(doc: Document, text: str, width: float, widths: dict[str, float]) -> list[str]:
    """The text cut into lines that fit `width`, word by word (fpdf2's multi_cell measures
    every character again for every row: most of the time of a long sheet). The widths
    of words already seen are kept: the amounts in words repeat the same few words."""
    space = widths.setdefault(" ", doc.get_string_width(" "))
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split():
        w = widths.get(word)
        if w is None:
            w = widths[word] = doc.get_string_width(word)
        if current and used + space + w > width:
            lines.append(" ".join(current))
            current, used = [], 0.0
        used += (space if current else 0) + w
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _draw_row(
    doc: Document,
    texts: Sequence[str],
    *,
    height: float,
    widths: dict[str, float],
    bold: bool = False,
) -> None:
    """One row of boxes; a name or the amount in words takes two or three lines."""
    top = doc.get_y()
    x = doc.l_margin
    doc.text_font(10, bold=bold)
    line = doc.line_height(1.2)
    for width, text, align in zip(COLUMNS, texts, ALIGN, strict=True):
        doc.rect(x, top, width, height)
        if text:
            lines = _wrapped(doc, text, width - 2 * doc.c_margin, widths)
            y = top + (height - len(lines) * line) / 2
            for part in lines:
                doc.set_xy(x, y)
                doc.cell(width, line, part, align=align)
                y += line
        x += width
    doc.set_xy(doc.l_margin, top + height)


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
