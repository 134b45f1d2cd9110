"""The printed receipt of a payout: one A4 page in large type, which the member signs
or thumbprints and the treasurer signs.

Receipts print in the member's language (from her record: Quechua, Aymara or Spanish),
whatever language the person printing has chosen on screen: it is a paper the member
keeps. The amount in words is always written as Peruvian receipts write it (Spanish).
"""

from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import translation
from django.utils.translation import gettext as _

from minka.ledger.models import EntryKind, LedgerEntry, Payout
from minka.ledger.services import PaidWork, earnings_in_payout
from minka.lib.money import amount_in_words, format_amount, format_money
from minka.lib.pdf import Document
from minka.members.models import page_language_for

GREY = (235, 235, 235)
WHITE = (255, 255, 255)
RED = (161, 29, 29)
BLACK = (0, 0, 0)
BOX_HEIGHT = 38  # mm: room for a signature, or a thumbprint with its smudge
SIGNATURE_BLOCK = BOX_HEIGHT + 14  # the box and the two lines of text under it


def receipt_filename(payouts: Sequence[Payout]) -> str:
    if len(payouts) == 1:
        return f"recibo-{payouts[0].number}.pdf"
    return f"recibos-{payouts[0].number}-{payouts[-1].number}.pdf"


def receipts_pdf(payouts: Sequence[Payout]) -> bytes:
    """One page (more only if her list of pieces is very long) per payout."""
    with translation.override(page_language_for(payouts[0].member)):
        title = (
            _("Recibo %(number)s") % {"number": payouts[0].number}
            if len(payouts) == 1
            else _("Recibos de pago")
        )
        doc = Document(title=title)
        for payout in payouts:
            with translation.override(page_language_for(payout.member)):
                doc.add_page()
                _draw_receipt(doc, payout)
        return doc.to_bytes()


def _person_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _draw_receipt(doc: Document, payout: Payout) -> None:
    member = payout.member
    width = doc.content_width
    voided = LedgerEntry.objects.filter(payout=payout, reversed_by__isnull=False).exists()

    _draw_header(doc, payout)

    # Who received it.
    doc.text_font(15)
    doc.cell(width, doc.line_height(), _("Recibí yo, la socia:"), new_x="LMARGIN", new_y="NEXT")
    doc.text_font(24, bold=True)
    doc.paragraph(width, doc.line_height(), member.full_name)
    doc.text_font(16)
    doc.cell(
        width,
        doc.line_height(),
        _("Socia N.º %(number)d") % {"number": member.number},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(2)

    # How much: in figures, big, and in words.
    doc.text_font(15)
    doc.cell(width, doc.line_height(), _("La suma de:"), new_x="LMARGIN", new_y="NEXT")
    doc.set_fill_color(*GREY)
    doc.text_font(40, bold=True)
    doc.cell(
        width,
        doc.line_height(1.5),
        format_money(payout.amount, payout.currency),
        border=1,
        align="C",
        fill=True,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.set_fill_color(*WHITE)
    doc.ln(2)
    doc.text_font(16, bold=True)
    doc.paragraph(width, doc.line_height(), amount_in_words(payout.amount, payout.currency))
    if payout.is_advance:
        doc.text_font(16, bold=True)
        doc.paragraph(
            width, doc.line_height(), _("ADELANTO: se descontará de sus próximos trabajos.")
        )
    if voided:
        doc.set_text_color(*RED)
        doc.text_font(16, bold=True)
        doc.paragraph(
            width,
            doc.line_height(),
            _("ANULADO: este pago fue corregido en la cuenta de la socia."),
        )
        doc.set_text_color(*BLACK)
    doc.ln(1)
    doc.text_font(15)
    doc.paragraph(
        width,
        doc.line_height(),
        _("Forma de pago: %(method)s · Entregó el dinero: %(name)s")
        % {"method": payout.get_method_display(), "name": _person_name(payout.paid_by)},
    )
    doc.ln(2)

    signatures_top = doc.h - doc.b_margin - SIGNATURE_BLOCK
    _draw_pieces(doc, payout, room=signatures_top - 4 - doc.get_y())
    if doc.get_y() > signatures_top - 2:  # a very long name or list: sign on a new page
        doc.add_page()
    _draw_signatures(
        doc, top=signatures_top, member_name=member.full_name, payer=_person_name(payout.paid_by)
    )


def _draw_header(doc: Document, payout: Payout) -> None:
    """The group and its place on the left; what the paper is, its number and date right."""
    group = payout.group
    width = doc.content_width
    top = doc.get_y()
    left_w = width * 0.55
    doc.text_font(18, bold=True)
    doc.paragraph(left_w, doc.line_height(), group.name)
    if group.place:
        doc.text_font(14)
        doc.paragraph(left_w, doc.line_height(), group.place)
    left_bottom = doc.get_y()
    right_x = doc.l_margin + left_w
    right_w = width - left_w
    doc.set_xy(right_x, top)
    title = _("RECIBO DE PAGO")
    # Longer in Quechua and Aymara: smaller rather than over the group's name.
    doc.fit_font(title, right_w, 20, bold=True)
    doc.cell(right_w, doc.line_height(), title, align="R", new_x="LEFT", new_y="NEXT")
    doc.text_font(16, bold=True)
    doc.cell(
        right_w,
        doc.line_height(),
        _("N.º %(number)s") % {"number": payout.number},
        align="R",
        new_x="LEFT",
        new_y="NEXT",
    )
    doc.text_font(16)
    doc.cell(
        right_w,
        doc.line_height(),
        _("Fecha: %(date)s") % {"date": payout.paid_on.strftime("%d/%m/%Y")},
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.set_y(max(left_bottom, doc.get_y()))
    doc.rule(2)


def _work_text(work: PaidWork) -> str:
    what = work.entry.description
    if work.entry.kind != EntryKind.EARNING:
        # A sale share, a host's pay, a fine or an advance: say which, before the detail.
        what = f"{work.entry.get_kind_display()}: {what}"
    if work.is_deduction:
        return _("%(what)s (se descuenta)") % {"what": what}
    if not work.partial:
        return what
    return _("%(what)s (se paga una parte: %(part)s de %(all)s)") % {
        "what": what,
        "part": format_amount(work.amount),
        "all": format_amount(work.entry.amount),
    }


def _draw_pieces(doc: Document, payout: Payout, *, room: float) -> None:
    """The work this payout covers: each line with pieces, price and amount.

    Only as many lines as fit above the signatures are listed; the others are summed up
    in one line (her statement lists them all), so that a receipt stays on one page.
    """
    width = doc.content_width
    lines = earnings_in_payout(payout)
    doc.text_font(15, bold=True)
    doc.cell(width, doc.line_height(), _("Por los trabajos:"), new_x="LMARGIN", new_y="NEXT")
    doc.text_font(13)
    if not lines:
        doc.paragraph(width, doc.line_height(), _("Pago a cuenta de su saldo."))
        return
    row_height = doc.line_height(1.4)
    headings = (_("Detalle"), _("Piezas"), _("Precio"), _("Monto"))
    # A heading too wide for its column (Quechua's "Rurasqakuna") would break mid-word:
    # the pieces' column grows to hold its heading at 10 pt, and the headings' row takes
    # the largest size at which each fits whole.
    doc.text_font(10, bold=True)
    pieces_w = max(20.0, doc.get_string_width(headings[1]) + 2 * doc.c_margin + 0.5)
    col_widths = (width - 64 - pieces_w, pieces_w, 30, 34)
    size = 13.0
    for text, column in zip(headings, col_widths, strict=True):
        doc.fit_font(text, column, size, bold=True)
        size = min(size, doc.font_size_pt)
    doc.text_font(13)
    used = 2 * row_height + doc.line_height()  # headings, total, and the title above
    shown: list[PaidWork] = []
    for index, work in enumerate(lines):
        # Broken into lines as the table will draw it (the document keeps the lines).
        height = len(doc.lines(col_widths[0], _work_text(work))) * row_height
        summary = row_height if index < len(lines) - 1 else 0
        if used + height + summary > room:
            break
        used += height
        shown.append(work)
    rest = lines[len(shown) :]
    total = sum((w.amount for w in lines), Decimal("0"))
    rows: list[tuple[str, str, str, str]] = []
    for work in shown:
        entry = work.entry
        rows.append(
            (
                _work_text(work),
                "" if entry.quantity is None or work.is_deduction else str(entry.quantity),
                ""
                if entry.unit_amount is None or work.is_deduction
                else format_amount(entry.unit_amount),
                format_amount(work.amount),
            )
        )
    if rest:
        rows.append(
            (
                _("… y %(n)d trabajos más") % {"n": len(rest)},
                str(sum(w.entry.quantity or 0 for w in rest)),
                "",
                format_amount(sum((w.amount for w in rest), Decimal("0"))),
            )
        )
    rows.append((_("Total"), "", "", format_money(total, payout.currency)))
    _draw_table(doc, col_widths, row_height, headings=headings, heading_size=size, rows=rows)
    if total != payout.amount:
        doc.text_font(12)
        doc.paragraph(
            width,
            doc.line_height(),
            _(
                "Este pago (%(paid)s) no es igual al total de estas líneas: su cuenta muestra "
                "el detalle."
            )
            % {"paid": format_money(payout.amount, payout.currency)},
        )


def _draw_table(
    doc: Document,
    widths: Sequence[float],
    row_height: float,
    *,
    headings: Sequence[str],
    heading_size: float,
    rows: Sequence[Sequence[str]],
) -> None:
    """A bordered table in the current font, its headings in bold at `heading_size`: the
    first column wraps, the others are figures set right, in the middle of the row.

    Drawn cell by cell rather than with fpdf2's table, which lays out every cell (figures
    and headings too) as a paragraph, twice: that was a third of a receipt's time."""
    body_size = doc.font_size_pt
    for cells, heading in ((headings, True), *((row, False) for row in rows)):
        doc.text_font(heading_size if heading else body_size, bold=heading)
        lines = doc.lines(widths[0], cells[0])
        height = len(lines) * row_height
        x, top = doc.l_margin, doc.get_y()
        doc.rect(x, top, widths[0], height)
        for n, line in enumerate(lines):
            doc.set_xy(x, top + n * row_height)
            doc.cell(widths[0], row_height, line, align="L")
        for text, width, before in zip(cells[1:], widths[1:], widths[:-1], strict=True):
            x += before
            doc.set_xy(x, top)
            doc.cell(width, height, text, border=1, align="R")
        doc.set_xy(doc.l_margin, top + height)
    doc.text_font(body_size)


def _draw_signatures(doc: Document, *, top: float, member_name: str, payer: str) -> None:
    """A large box for her signature or thumbprint, and a line for the treasurer."""
    half = doc.content_width / 2
    box_w = half - 8
    left = doc.l_margin
    right = doc.l_margin + half + 8
    doc.set_line_width(0.4)
    doc.rect(left, top, box_w, BOX_HEIGHT)
    doc.line(right, top + BOX_HEIGHT, right + box_w, top + BOX_HEIGHT)
    doc.set_line_width(0.2)
    for x, label, name in (
        (left, _("Firma o huella digital"), member_name),
        (right, _("Firma de la tesorera"), payer),
    ):
        doc.set_xy(x, top + BOX_HEIGHT + 1)
        doc.text_font(13, bold=True)
        doc.cell(box_w, doc.line_height(1.3), label, align="C", new_x="LEFT", new_y="NEXT")
        doc.fit_font(name, box_w, 12)
        doc.cell(box_w, doc.line_height(1.3), name, align="C", new_x="LEFT", new_y="NEXT")
