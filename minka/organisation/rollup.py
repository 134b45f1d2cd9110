"""Each group's figures month by month, computed from its records in a fixed number of
grouped queries, and stored as GroupMonth rows for the desk to read.

The definitions are the impact page's (minka/impact/indicators.py), grouped by group
instead of computed for one: pieces count in the month they were delivered; accepted =
A + B; graded = A + B + rejected (rework is not final); money in soles only, a correction
counted with the kind and month of the entry it corrects; paid = payouts and advances;
active members = active today and joined by the month's end. Added here:

- earnings: piece earnings and makers' shares of sales (members' income), net;
- pieces paid fairly: accepted pieces whose design pays, at the grade's rate and the
  design's minutes, at least the organisation's fair hourly wage (members/fairpay.py);
- training hours: member-hours of training sessions held in the month;
- orders due: orders (not draft or cancelled) whose deadline fell in the month and has
  passed; on time: of those, the ones whose pieces were all brought by the deadline.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from minka.impact.indicators import (
    ACCEPTED_GRADES,
    CURRENCY,
    FINAL_GRADES,
    PAID_KINDS,
    Period,
    add_months,
)
from minka.learning.models import Attendance, SensitiveCount, TrainingSession
from minka.ledger.models import EntryKind, LedgerEntry
from minka.lib.money import cents
from minka.members.fairpay import fair_hourly_wage
from minka.members.models import Group, Member, MemberStatus, Organisation
from minka.organisation.member_rollup import EARNED_KINDS, analytic_settings, member_months_refresh
from minka.organisation.models import GroupMonth
from minka.production.models import (
    Delivery,
    Grade,
    Order,
    OrderLine,
    OrderStatus,
    QualityCheck,
    counted,
)

ZERO = Decimal("0")
RETENTION_MONTHS = 12
RETENTION_SPAN = timedelta(days=round(RETENTION_MONTHS * 30.44))  # as governance counts
NOT_DUE = (OrderStatus.DRAFT, OrderStatus.CANCELLED)
MONEY: "DecimalField[Any, Any]" = DecimalField(max_digits=16, decimal_places=2)


def _month(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def fair_margin(prefix: str, rate: str, wage: Decimal) -> ExpressionWrapper:
    """rate x 60 - wage x minutes for the design at `prefix`: ≥ 0 when it pays fairly
    (members/fairpay.pays_fairly, in SQL)."""
    return ExpressionWrapper(
        F(f"{prefix}{rate}") * 60 - Value(wage) * F(f"{prefix}standard_minutes"),
        output_field=MONEY,
    )


def _pieces(
    groups: QuerySet[Group], period: Period, wage: Decimal
) -> dict[tuple[Any, date], dict[str, int]]:
    product = "delivery__allocation__line__product__"
    rows = (
        QualityCheck.objects.filter(
            counted(),
            delivery__allocation__line__order__group__in=groups,
            delivery__received_on__range=(period.first, period.end),
        )
        .alias(
            margin_a=fair_margin(product, "rate_a", wage),
            margin_b=fair_margin(product, "rate_b", wage),
        )
        .annotate(
            gid=F("delivery__allocation__line__order__group_id"),
            month=TruncMonth("delivery__received_on"),
        )
        .order_by()
        .values("gid", "month")
        .annotate(
            delivered=Sum("quantity"),
            accepted=Sum("quantity", filter=Q(grade__in=ACCEPTED_GRADES)),
            graded=Sum("quantity", filter=Q(grade__in=FINAL_GRADES)),
            fair=Sum(
                "quantity",
                filter=Q(grade=Grade.A, margin_a__gte=0) | Q(grade=Grade.B, margin_b__gte=0),
            ),
        )
    )
    return {
        (r["gid"], _month(r["month"])): {
            k: r[k] or 0 for k in ("delivered", "accepted", "graded", "fair")
        }
        for r in rows
    }


def _money(groups: QuerySet[Group], period: Period) -> dict[tuple[Any, date], dict[str, Decimal]]:
    counted = (*PAID_KINDS, *EARNED_KINDS)
    rows = (
        LedgerEntry.objects.filter(group__in=groups, currency=CURRENCY)
        .filter(Q(kind__in=counted) | Q(kind=EntryKind.REVERSAL, reverses__kind__in=counted))
        .annotate(
            base_kind=Coalesce(F("reverses__kind"), F("kind")),
            base_date=Coalesce(F("reverses__entry_date"), F("entry_date")),
        )
        .filter(base_date__gte=period.first, base_date__lte=period.end)
        .annotate(month=TruncMonth("base_date"))
        .order_by()
        .values("group_id", "month")
        .annotate(
            paid=Sum("amount", filter=Q(base_kind__in=PAID_KINDS)),
            earned=Sum("amount", filter=Q(base_kind__in=EARNED_KINDS)),
        )
    )
    return {
        (r["group_id"], _month(r["month"])): {
            "paid": cents(-Decimal(r["paid"] or 0)),  # payouts are negative in the ledger
            "earnings": cents(Decimal(r["earned"] or 0)),
        }
        for r in rows
    }


def _training(groups: QuerySet[Group], period: Period) -> dict[tuple[Any, date], Decimal]:
    # On central, a sensitive training's attendance stayed on the site: its counts came,
    # and they stand for the session (rows of it here, if any, are not counted twice).
    present = dict(
        SensitiveCount.objects.filter(group_id__in=groups.values("pk")).values_list(
            "session_id", "members"
        )
    )
    rows = (
        Attendance.objects.filter(
            member__isnull=False,
            session__training__group__in=groups,
            session__held_on__range=(period.first, period.end),
        )
        .exclude(session_id__in=present)
        .annotate(gid=F("session__training__group_id"), month=TruncMonth("session__held_on"))
        .order_by()
        .values("gid", "month")
        .annotate(hours=Sum("session__hours"))
    )
    hours: dict[tuple[Any, date], Decimal] = {}
    for r in rows:
        key = (r["gid"], _month(r["month"]))
        hours[key] = Decimal(r["hours"] or 0)
    for session in TrainingSession.objects.filter(
        pk__in=present, held_on__range=(period.first, period.end)
    ).select_related("training"):
        key = (session.training.group_id, _month(session.held_on))
        hours[key] = hours.get(key, Decimal(0)) + session.hours * present[session.pk]
    return {key: value.quantize(Decimal("0.1")) for key, value in hours.items()}


def _orders(
    groups: QuerySet[Group], period: Period, today: date
) -> dict[tuple[Any, date], tuple[int, int]]:
    ordered = (
        OrderLine.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    brought = (
        Delivery.objects.filter(
            allocation__line__order=OuterRef("pk"),
            received_on__lte=OuterRef("deadline"),
            void__isnull=True,
        )
        .order_by()
        .values("allocation__line__order")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    rows = (
        Order.objects.filter(
            group__in=groups,
            deadline__range=(period.first, min(period.end, today - timedelta(days=1))),
        )
        .exclude(status__in=NOT_DUE)
        .annotate(ordered=Subquery(ordered), brought=Coalesce(Subquery(brought), 0))
        .annotate(month=TruncMonth("deadline"))
        .order_by()
        .values("group_id", "month")
        .annotate(due=Count("id"), on_time=Count("id", filter=Q(brought__gte=F("ordered"))))
    )
    return {(r["group_id"], _month(r["month"])): (r["due"], r["on_time"]) for r in rows}


def _members(groups: QuerySet[Group]) -> dict[Any, list[tuple[date, str, date | None]]]:
    people: dict[Any, list[tuple[date, str, date | None]]] = defaultdict(list)
    for gid, joined, status, left in Member.objects.filter(group__in=groups).values_list(
        "group_id", "joined_on", "status", "left_on"
    ):
        people[gid].append((joined, status, left))
    return people


def _standing(people: list[tuple[date, str, date | None]], day: date) -> tuple[int, int, int]:
    """Active members who joined by `day`; and retention at 12 months as of `day`, by
    governance.indicators.retention's rule (a member who left counts until her left_on)."""
    active = sum(1 for j, s, _left in people if s == MemberStatus.ACTIVE and j <= day)
    cohort = [(j, s, left) for j, s, left in people if j <= day - RETENTION_SPAN]
    retained = sum(
        1
        for j, s, left in cohort
        if s != MemberStatus.LEFT or (left is not None and left >= j + RETENTION_SPAN)
    )
    return active, len(cohort), retained


def group_months_refresh(*, organisation: Organisation, period: Period, today: date) -> int:
    """Rebuild the organisation's GroupMonth rows of `period` from the records, in one
    transaction (the desk never sees half a rebuild). Returns the rows written. Under
    member_rollup.analytic_settings: PostgreSQL's JIT compiler compiles these wide
    grouped reads for longer than they run."""
    with analytic_settings():
        return _refresh(organisation=organisation, period=period, today=today)


def _refresh(*, organisation: Organisation, period: Period, today: date) -> int:
    groups = Group.objects.filter(organisation=organisation)
    wage = fair_hourly_wage(organisation)
    pieces = _pieces(groups, period, wage)
    money = _money(groups, period)
    training = _training(groups, period)
    orders = _orders(groups, period, today)
    people = _members(groups)
    now = timezone.now()
    rows = []
    for gid in groups.values_list("id", flat=True):
        for month in period.months:
            key = (gid, month)
            month_end = add_months(month, 1) - timedelta(days=1)
            active, cohort, retained = _standing(people.get(gid, []), min(month_end, today))
            p = pieces.get(key, {})
            m = money.get(key, {})
            due, on_time = orders.get(key, (0, 0))
            rows.append(
                GroupMonth(
                    group_id=gid,
                    month=month,
                    active_members=active,
                    pieces_delivered=p.get("delivered", 0),
                    pieces_accepted=p.get("accepted", 0),
                    pieces_graded=p.get("graded", 0),
                    pieces_fair=p.get("fair", 0),
                    fair_wage=wage,
                    paid=m.get("paid", ZERO),
                    earnings=m.get("earnings", ZERO),
                    training_hours=training.get(key, ZERO),
                    orders_due=due,
                    orders_on_time=on_time,
                    cohort=cohort,
                    retained=retained,
                    computed_at=now,
                )
            )
    with transaction.atomic():
        GroupMonth.objects.filter(
            group__organisation=organisation, month__range=(period.first, period.last)
        ).delete()
        GroupMonth.objects.bulk_create(rows, batch_size=5000)
        member_months_refresh(organisation=organisation, period=period, wage=wage, now=now)
    return len(rows)
