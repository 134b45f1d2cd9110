"""A one-page picture statement for a woman with no phone: her photo or number, and four
pictures with big numbers (pieces accepted, money earned, money received, money owed to
her), in her language. The coordinator prints one for everyone before the meeting.

Pictures are drawn with the PDF's own lines and circles: no icon font to go missing.
"""

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minka.ledger.selectors import MemberBalance, member_balances
from minka.lib.money import format_money
from minka.lib.pdf import Document
from minka.members.models import Group, Member, page_language_for
from minka.production.selectors import allocations_with_progress


@dataclass(frozen=True)
class Picture:
    member: Member
    pieces: int
    money: MemberBalance


def pictures_for(group: Group, members: Sequence[Member]) -> list[Picture]:
    """The figures of many members in a fixed number of queries."""
    ids = [m.id for m in members]
    money = {row.member.id: row for row in member_balances(group) if row.member.id in ids}
    pieces: dict[object, int] = {}
    for row in (
        allocations_with_progress(member_id__in=ids).values("member_id").annotate(n=Sum("accepted"))
    ):
        pieces[row["member_id"]] = int(row["n"] or 0)
    return [Picture(m, pieces.get(m.id, 0), money[m.id]) for m in members if m.id in money]


def _pieces_icon(doc: Document, x: float, y: float) -> None:
    # Three folded sweaters, one on another.
    doc.set_fill_color(170, 120, 200)
    for i in range(3):
        doc.rect(x + 2, y + 12 - i * 5, 20, 6, style="DF")


def _coin_icon(doc: Document, x: float, y: float, fill: tuple[int, int, int]) -> None:
    doc.set_fill_color(*fill)
    doc.ellipse(x + 2, y + 2, 20, 20, style="DF")
    doc.text_font(10, bold=True)
    doc.set_xy(x + 2, y + 9)
    doc.cell(20, 6, "S/", align="C")


def _hand_icon(doc: Document, x: float, y: float) -> None:
    # A coin above an open hand.
    _coin_icon(doc, x + 4, y - 2, (250, 210, 90))
    doc.set_fill_color(230, 190, 160)
    doc.rect(x + 2, y + 17, 22, 6, style="DF")


def _box(doc: Document, y: float, draw: str, label: str, figure: str) -> None:
    x = doc.l_margin
    doc.set_draw_color(120, 120, 120)
    doc.rect(x, y, doc.content_width, 34)
    if draw == "pieces":
        _pieces_icon(doc, x + 6, y + 5)
    elif draw == "earned":
        _coin_icon(doc, x + 6, y + 5, (250, 210, 90))
    elif draw == "received":
        _hand_icon(doc, x + 6, y + 5)
    else:
        _coin_icon(doc, x + 6, y + 5, (150, 210, 150))
    doc.set_xy(x + 40, y + 4)
    doc.text_font(28, bold=True)
    doc.cell(doc.content_width - 45, 14, figure)
    doc.set_xy(x + 40, y + 20)
    doc.text_font(14)
    doc.cell(doc.content_width - 45, 8, label)


def _page(doc: Document, picture: Picture) -> None:
    member = picture.member
    doc.add_page()
    doc.text_font(12)
    doc.cell(0, 6, member.group.name, new_x="LMARGIN", new_y="NEXT")
    if member.photo:
        # A missing or unreadable file: the page still has her number.
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            doc.image(member.photo.path, x=doc.l_margin, y=doc.get_y() + 2, w=32, h=32)
    doc.set_xy(doc.l_margin + 38, doc.get_y() + 4)
    doc.text_font(40, bold=True)
    doc.cell(30, 18, f"{member.number}")
    doc.text_font(18, bold=True)
    doc.multi_cell(0, 9, member.full_name, new_x="LMARGIN", new_y="NEXT")
    doc.set_y(max(doc.get_y(), 60))
    money = picture.money
    owed = money.balance
    boxes = [
        ("pieces", _("piezas aceptadas"), str(picture.pieces)),
        ("earned", _("ganado"), format_money(money.earned)),
        ("received", _("recibido"), format_money(money.received)),
        (
            "owed",
            _("le deben") if owed >= 0 else _("debe (adelanto)"),
            format_money(abs(owed) if owed < 0 else owed),
        ),
    ]
    y = doc.get_y() + 4
    for draw, label, figure in boxes:
        _box(doc, y, draw, label, figure)
        y += 40
    doc.set_y(y + 4)
    doc.text_font(11)
    doc.cell(0, 6, timezone.localdate().strftime("%d/%m/%Y"), new_x="LMARGIN", new_y="NEXT")


def picture_statements_pdf(pictures: Sequence[Picture]) -> bytes:
    """One page per member, each in her own language."""
    doc = Document(title=_("Mi cuenta en Minka"))
    for picture in pictures:
        with translation.override(page_language_for(picture.member)):
            _page(doc, picture)
    if not pictures:
        doc.add_page()
    return doc.to_bytes()
