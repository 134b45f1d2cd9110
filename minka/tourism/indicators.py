"""Tourism figures for the impact page (and for projects, once they exist).

- visits: visits done in the month (by the visit's date);
- visitors: the people of those visits;
- nights: visitor-nights of home stays (people x nights);
- to hosts: hosts' pay in soles in the ledger entries dated in the month (HOST_PAY),
  less their corrections, so a late cancellation's pay counts too.

Two queries however many months. Render with "tourism/_impact.html" and {"tourism": ...}.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from minka.ledger.models import EntryKind, LedgerEntry
from minka.lib.money import cents
from minka.members.models import Group
from minka.tourism.models import Booking, BookingStatus


@dataclass(frozen=True)
class TourismMonth:
    month: date
    visits: int
    visitors: int
    nights: int
    to_hosts: Decimal


def _month(value: object) -> date:
    return value.date() if hasattr(value, "date") else value  # type: ignore[return-value]  # TruncMonth gives a datetime on some databases, a date on others


def tourism_by_month(group: Group, *, first: date, last: date) -> list[TourismMonth]:
    """Months with any visit or pay from `first` to `last`, oldest first."""
    visits = (
        Booking.objects.filter(
            group=group, status=BookingStatus.DONE, visit_date__gte=first, visit_date__lte=last
        )
        .annotate(month=TruncMonth("visit_date"))
        .values("month")
        .annotate(
            n=Count("id"),
            visitor_count=Sum("people"),
            night_count=Sum(F("people") * F("nights")),
        )
        .order_by("month")
    )
    host_pay = Q(kind=EntryKind.HOST_PAY) | Q(
        kind=EntryKind.REVERSAL, reverses__kind=EntryKind.HOST_PAY
    )
    pay = (
        LedgerEntry.objects.filter(
            host_pay, group=group, currency="PEN", entry_date__gte=first, entry_date__lte=last
        )
        .annotate(month=TruncMonth("entry_date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
    rows: dict[date, dict[str, object]] = {}
    for row in visits:
        rows[_month(row["month"])] = {
            "visits": int(row["n"]),
            "visitors": int(row["visitor_count"] or 0),
            "nights": int(row["night_count"] or 0),
        }
    for row in pay:
        rows.setdefault(_month(row["month"]), {})["to_hosts"] = cents(Decimal(row["total"]))
    return [
        TourismMonth(
            month=month,
            visits=int(values.get("visits", 0)),  # type: ignore[call-overload]  # the values are ints by construction
            visitors=int(values.get("visitors", 0)),  # type: ignore[call-overload]  # the values are ints by construction
            nights=int(values.get("nights", 0)),  # type: ignore[call-overload]  # the values are ints by construction
            to_hosts=values.get("to_hosts", Decimal("0")),  # type: ignore[arg-type]  # a Decimal by construction
        )
        for month, values in sorted(rows.items())
    ]
