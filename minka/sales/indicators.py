"""Figures other pages show about selling.

- The impact page: `member_income_by_month(group)`, rendered with
  "sales/_impact_income.html" and {"income": ...}. Both figures come from the member
  ledger, net of corrections:
  - from orders: piece earnings (EARNING) and their reversals;
  - from sales: makers' shares of sales (SALE_SHARE) and their reversals.
- A member's statement: `member_sales(member)`, rendered with
  "sales/_member_sales.html" and {"sales": ...}.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.selectors import member_sale_shares
from minka.lib.money import cents
from minka.members.models import Group, Member
from minka.sales.models import SaleLine
from minka.sales.selectors import maker_stock


@dataclass(frozen=True)
class MonthIncome:
    month: date
    from_sales: Decimal
    from_orders: Decimal

    @property
    def total(self) -> Decimal:
        return self.from_sales + self.from_orders


def _kind(kind: str) -> Q:
    return Q(kind=kind) | Q(kind=EntryKind.REVERSAL, reverses__kind=kind)


def member_income_by_month(
    group: Group, currency: str = "PEN", first: date | None = None, last: date | None = None
) -> list[MonthIncome]:
    """Members' income per month, from sales and from orders, oldest month first;
    only entries dated from `first` to `last` when given."""
    entries = LedgerEntry.objects.filter(group=group, currency=currency)
    if first is not None:
        entries = entries.filter(entry_date__gte=first)
    if last is not None:
        entries = entries.filter(entry_date__lte=last)
    rows = (
        entries.filter(_kind(EntryKind.EARNING) | _kind(EntryKind.SALE_SHARE))
        .annotate(month=TruncMonth("entry_date"))
        .values("month")
        .annotate(
            sales=Sum("amount", filter=_kind(EntryKind.SALE_SHARE)),
            orders=Sum("amount", filter=_kind(EntryKind.EARNING)),
        )
        .order_by("month")
    )
    return [
        MonthIncome(
            month=r["month"],
            from_sales=cents(Decimal(r["sales"] or 0)),
            from_orders=cents(Decimal(r["orders"] or 0)),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class MakerSales:
    """One member's pieces for sale: where they are, and what sold."""

    in_stock: list[tuple[str, str, int]]  # (place, design, pieces)
    pieces_sold: int
    shares: Decimal  # her shares of sales, net of corrections


def member_sales(member: Member) -> MakerSales:
    """For her statement: render "sales/_member_sales.html" with {"sales": ...}.

    A fixed number of queries whatever her history."""
    sold = (
        SaleLine.objects.filter(maker=member, sale__void__isnull=True).aggregate(n=Sum("quantity"))[
            "n"
        ]
        or 0
    )
    # From the ledger's month totals, so her statement does not grow with her history.
    shares = member_sale_shares(member)
    return MakerSales(
        in_stock=maker_stock(member),
        pieces_sold=int(sold),
        shares=shares,
    )
