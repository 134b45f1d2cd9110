"""Sales figures by month, channel and design, and money to makers versus the fund."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from minka.lib.money import cents
from minka.lib.spreadsheet import safe_cell
from minka.members.models import Group
from minka.sales.models import LocationKind, SaleLine


@dataclass(frozen=True)
class Row:
    month: date
    channel: str
    product: str
    pieces: int
    total: Decimal
    commission: Decimal
    makers: Decimal
    fund: Decimal

    def as_list(self) -> list[object]:
        return [
            self.month.strftime("%Y-%m"),
            self.channel,
            self.product,
            self.pieces,
            self.total,
            self.commission,
            self.makers,
            self.fund,
        ]


def headers() -> list[str]:
    return [
        _("Mes"),
        _("Canal"),
        _("Diseño"),
        _("Piezas"),
        _("Venta (S/)"),
        _("Comisión tiendas (S/)"),
        _("Para las socias (S/)"),
        _("Para el fondo (S/)"),
    ]


def sales_rows(group: Group) -> list[Row]:
    """One row per month, channel and design: one grouped query."""
    channels = dict(LocationKind.choices)
    grouped = (
        SaleLine.objects.filter(sale__group=group, sale__void__isnull=True)
        .annotate(month=TruncMonth("sale__sold_on"))
        .values("month", "sale__location__kind", "product__code", "product__name")
        .annotate(
            pieces=Sum("quantity"),
            total=Sum("total"),
            commission=Sum("commission"),
            makers=Sum("maker_share"),
            fund=Sum("fund_share"),
        )
        .order_by("month", "sale__location__kind", "product__code")
    )
    return [
        Row(
            month=g["month"],
            channel=str(channels.get(g["sale__location__kind"], g["sale__location__kind"])),
            product=f"{g['product__code']} {g['product__name']}",
            pieces=int(g["pieces"]),
            total=cents(Decimal(g["total"])),
            commission=cents(Decimal(g["commission"])),
            makers=cents(Decimal(g["makers"])),
            fund=cents(Decimal(g["fund"])),
        )
        for g in grouped
    ]


@dataclass(frozen=True)
class Totals:
    pieces: int
    total: Decimal
    commission: Decimal
    makers: Decimal
    fund: Decimal


def totals(rows: list[Row]) -> Totals:
    zero = Decimal("0.00")
    return Totals(
        sum(r.pieces for r in rows),
        sum((r.total for r in rows), zero),
        sum((r.commission for r in rows), zero),
        sum((r.makers for r in rows), zero),
        sum((r.fund for r in rows), zero),
    )


def xlsx(rows: list[Row]) -> bytes:
    """The same table as an Excel workbook; amounts as numbers with two decimals."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Ventas")[:31]
    sheet.append(headers())
    for row in rows:
        # A product name typed as "=..." must stay text, never a live formula.
        sheet.append([safe_cell(value) for value in row.as_list()])
        for cell in sheet[sheet.max_row][4:8]:
            cell.number_format = "#,##0.00"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
