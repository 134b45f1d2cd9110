"""Impact indicators of one group, month by month, computed from the records.

Every figure here is computed on request from the quality checks, the member ledger and
the member list; nothing is stored. Three queries in all, however many months, members
or rows: the members of the group, the graded pieces grouped by month and grade, and
the ledger grouped by month, member and kind.

Definitions (the page shows the same in its "Cómo se calcula" note):

- **month**: a calendar month in America/Lima. Pieces count in the month of the
  delivery's `received_on`; money in the month of the ledger entry's `entry_date`.
  A correction (a reversing entry) counts in the month of the entry it corrects, so
  that a month's figures say what really happened in it; a correction made later can
  therefore change an earlier month's figures.
- **active members**: members of the group whose status is *active* today and who
  joined on or before the last day of the month. Members have no status history yet,
  so a member who left since is not counted in any month, and one who is active today
  counts in every month since she joined.
- **pieces accepted**: pieces graded A or B in the month.
- **acceptance rate**: accepted / (A + B + rejected) graded in the month. Rework is not
  a final grade (the piece comes back and is graded again), so it is left out of the
  denominator. None (shown "—") when nothing was graded.
- **paid to members**: payouts and advances in soles made in the month, as a positive
  figure, less the corrections of those payouts. Every member counts, active or not.
- **median earnings per active member**: for each active member, her piece earnings in
  soles in the month less the corrections of those earnings; the median over all
  active members, those who earned nothing included; rounded to the cent. None when the
  group had no active member.

Money is in soles (PEN): entries in another currency are not added in, since adding
dollars to soles would make a meaningless figure.
"""

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from minka.ledger.models import EntryKind, LedgerEntry
from minka.lib.money import cents
from minka.lib.spreadsheet import SafeCsvWriter
from minka.members.models import Group, Member, MemberStatus
from minka.production.models import ACCEPTED_GRADES, FINAL_GRADES, Grade, QualityCheck, counted

CURRENCY = "PEN"
DEFAULT_MONTHS = 12
MAX_MONTHS = 60
EARLIEST_YEAR = 1900
ZERO = Decimal("0")
PAID_KINDS = (EntryKind.PAYOUT, EntryKind.ADVANCE)

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


# --- months and the period asked for ---------------------------------------------------------


def month_start(day: date) -> date:
    """The first day of the month `day` falls in."""
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after (or before, if negative) `month`."""
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return date(year, index + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole calendar months from `first` to `last` (both the first day of their month)."""

    first: date
    last: date

    @property
    def months(self) -> list[date]:
        return [add_months(self.first, i) for i in range(self.count)]

    @property
    def count(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def end(self) -> date:
        """The last day of the last month."""
        return add_months(self.last, 1) - timedelta(days=1)


def default_period(today: date) -> Period:
    """The last twelve months, the current one included."""
    current = month_start(today)
    return Period(add_months(current, 1 - DEFAULT_MONTHS), current)


def _parse_month(raw: str) -> date | None:
    match = _MONTH.fullmatch(raw)
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if year < EARLIEST_YEAR or not 1 <= month <= 12:
        return None
    return date(year, month, 1)


def period_from_query(query: Mapping[str, Any], today: date) -> tuple[Period, str]:
    """The period asked for with ?from=YYYY-MM&to=YYYY-MM, and a message if it was wrong.

    A missing `to` means the current month; a missing `from`, twelve months up to `to`.
    Anything wrong (not a month, `from` after `to`, past the current month, longer than
    MAX_MONTHS) gives the default period and a message saying what was wrong.
    """
    current = month_start(today)
    raw_from = str(query.get("from") or "").strip()
    raw_to = str(query.get("to") or "").strip()
    if not raw_from and not raw_to:
        return default_period(today), ""
    parsed: dict[str, date] = {}
    for name, raw in (("from", raw_from), ("to", raw_to)):
        if not raw:
            continue
        month = _parse_month(raw)
        if month is None:
            return default_period(today), _(
                "«%(value)s» no es un mes válido. "
                "Escríbalo como año y mes, por ejemplo %(example)s."
            ) % {"value": raw[:20], "example": current.strftime("%Y-%m")}
        parsed[name] = month
    last = parsed.get("to", current)
    first = parsed.get("from", add_months(last, 1 - DEFAULT_MONTHS))
    period = Period(first, last)
    if first > last:
        problem = _("El mes inicial (%(first)s) es posterior al mes final (%(last)s).") % {
            "first": first.strftime("%Y-%m"),
            "last": last.strftime("%Y-%m"),
        }
    elif last > current:
        problem = _("El periodo no puede pasar del mes actual (%(current)s).") % {
            "current": current.strftime("%Y-%m")
        }
    elif period.count > MAX_MONTHS:
        problem = _("El periodo elegido tiene %(n)d meses; el máximo es %(max)d.") % {
            "n": period.count,
            "max": MAX_MONTHS,
        }
    else:
        return period, ""
    return default_period(today), problem


# --- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    """The indicators of one group in one month (see the module docstring)."""

    month: date  # first day of the month
    active_members: int
    pieces_accepted: int  # grades A and B
    pieces_graded: int  # grades A, B and rejected; rework left out
    paid: Decimal  # soles paid to members, net of corrections
    median_earnings: Decimal | None  # None when there was no active member

    @property
    def acceptance_rate(self) -> Decimal | None:
        """Accepted / graded as a fraction, or None when nothing was graded."""
        if not self.pieces_graded:
            return None
        return Decimal(self.pieces_accepted) / Decimal(self.pieces_graded)

    @property
    def acceptance_percent(self) -> Decimal | None:
        """The acceptance rate in percent, to one decimal (80.0, 66.7), or None."""
        rate = self.acceptance_rate
        if rate is None:
            return None
        return (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def median(values: list[Decimal]) -> Decimal | None:
    """The median, rounded to the cent (halves away from zero); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return cents(ordered[middle])
    return cents((ordered[middle - 1] + ordered[middle]) / 2)


def _as_month(value: date | datetime) -> date:
    # TruncMonth of a DateField gives a date; be safe with a backend that gives a datetime.
    return value.date() if isinstance(value, datetime) else value


def _graded_by_month(group: Group, period: Period) -> dict[date, dict[str, int]]:
    """Pieces per month and grade (A, B, rejected), by the day they were delivered."""
    rows = (
        QualityCheck.objects.filter(
            counted(),
            delivery__allocation__line__order__group=group,
            delivery__received_on__gte=period.first,
            delivery__received_on__lte=period.end,
            grade__in=FINAL_GRADES,
        )
        .annotate(month=TruncMonth("delivery__received_on"))
        .order_by()
        .values("month", "grade")
        .annotate(n=Sum("quantity"))
    )
    graded: dict[date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        graded[_as_month(row["month"])][row["grade"]] = row["n"] or 0
    return graded


def _money_by_month(
    group: Group, period: Period
) -> tuple[dict[date, Decimal], dict[date, dict[Any, Decimal]]]:
    """Soles paid per month, and each member's net earnings per month.

    One grouped query. A reversing entry is counted with the kind and the month of the
    entry it reverses, so it cancels that entry where that entry was counted.
    """
    counted = (*PAID_KINDS, EntryKind.EARNING)
    rows = (
        LedgerEntry.objects.filter(group=group, currency=CURRENCY)
        .filter(Q(kind__in=counted) | Q(kind=EntryKind.REVERSAL, reverses__kind__in=counted))
        .annotate(
            base_kind=Coalesce(F("reverses__kind"), F("kind")),
            base_date=Coalesce(F("reverses__entry_date"), F("entry_date")),
        )
        .filter(base_date__gte=period.first, base_date__lte=period.end)
        .annotate(month=TruncMonth("base_date"))
        .order_by()
        .values_list("month", "member_id")
        # One row per member and month, not per kind too: half the rows to read.
        .annotate(
            earned=Sum("amount", filter=Q(base_kind=EntryKind.EARNING)),
            given=Sum("amount", filter=Q(base_kind__in=PAID_KINDS)),
        )
    )
    paid: dict[date, Decimal] = defaultdict(lambda: ZERO)
    earned: dict[date, dict[Any, Decimal]] = defaultdict(dict)
    for raw_month, member_id, earnings, given in rows:
        month = _as_month(raw_month)
        if earnings is not None:
            earned[month][member_id] = earnings
        if given is not None:
            paid[month] -= given  # payouts are negative in the ledger
    return paid, earned


def monthly_indicators(group: Group, period: Period) -> list[MonthFigures]:
    """The group's indicators for each month of the period, oldest first.

    Three queries whatever the number of months, members, pieces or entries.
    """
    active = list(
        Member.objects.filter(group=group, status=MemberStatus.ACTIVE).values_list(
            "id", "joined_on"
        )
    )
    graded = _graded_by_month(group, period)
    paid, earned = _money_by_month(group, period)
    figures = []
    for month in period.months:
        month_end = add_months(month, 1) - timedelta(days=1)
        members = [member_id for member_id, joined in active if joined <= month_end]
        grades = graded.get(month, {})
        accepted = sum(grades.get(g, 0) for g in ACCEPTED_GRADES)
        earnings = earned.get(month, {})
        figures.append(
            MonthFigures(
                month=month,
                active_members=len(members),
                pieces_accepted=accepted,
                pieces_graded=accepted + grades.get(Grade.REJECTED, 0),
                paid=cents(paid.get(month, ZERO)),
                median_earnings=median([earnings.get(m, ZERO) for m in members]),
            )
        )
    return figures


# --- CSV --------------------------------------------------------------------------------------


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def write_csv(out: _Writable, group: Group, figures: list[MonthFigures]) -> None:
    """The figures as CSV for a spreadsheet: UTF-8 with a BOM (so Excel reads accents),
    a month as YYYY-MM, money with two decimals and a point, no thousands separator;
    an empty rate or median where the page shows "—"."""
    out.write("\ufeff")
    writer = SafeCsvWriter(out)
    writer.writerow(
        [
            _("grupo"),
            _("mes"),
            _("socias activas"),
            _("piezas aceptadas"),
            _("piezas calificadas"),
            _("tasa de aceptación (%)"),
            _("pagado a las socias (S/)"),
            _("mediana de ganancias por socia activa (S/)"),
        ]
    )
    for row in figures:
        percent = row.acceptance_percent
        writer.writerow(
            [
                group.code,
                row.month.strftime("%Y-%m"),
                row.active_members,
                row.pieces_accepted,
                row.pieces_graded,
                "" if percent is None else f"{percent:.1f}",
                f"{cents(row.paid):.2f}",
                "" if row.median_earnings is None else f"{cents(row.median_earnings):.2f}",
            ]
        )
