"""Reads that more than one page (or app) uses: accepted pieces, progress of allocations
and order lines, materials a member still holds. Lists run a fixed number of queries
however many rows they show.

"Accepted" always means ACCEPTED_GRADES (production.models), the one home of that rule.
A cancelled delivery (DeliveryVoid) counts for nothing: every sum here filters `counted`."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from minka.members.models import Group, Member
from minka.production.models import (
    ACCEPTED_GRADES,
    Allocation,
    Delivery,
    Grade,
    Material,
    MaterialMove,
    MoveKind,
    Order,
    OrderLine,
    OrderStatus,
    ProductMaterial,
    QualityCheck,
    counted,
)

# --- one allocation or line ---------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    allocated: int
    accepted: int  # ACCEPTED_GRADES
    rejected: int

    @property
    def outstanding(self) -> int:
        """Pieces still to be brought back (rework counts as still to come)."""
        return self.allocated - self.accepted - self.rejected


def _graded(checks: Q) -> tuple[int, int]:
    rows = (
        QualityCheck.objects.filter(checks, counted()).values("grade").annotate(n=Sum("quantity"))
    )
    by_grade = {row["grade"]: row["n"] or 0 for row in rows}
    accepted = sum(by_grade.get(grade, 0) for grade in ACCEPTED_GRADES)
    return accepted, by_grade.get(Grade.REJECTED, 0)


def allocation_progress(allocation: Allocation) -> Progress:
    accepted, rejected = _graded(Q(delivery__allocation=allocation))
    return Progress(allocation.quantity, accepted, rejected)


def line_progress(line: OrderLine) -> Progress:
    allocated = line.allocations.aggregate(n=Sum("quantity"))["n"] or 0
    accepted, rejected = _graded(Q(delivery__allocation__line=line))
    return Progress(allocated, accepted, rejected)


def accepted_pieces(delivery: Delivery) -> int:
    """Pieces of one delivery accepted at quality control."""
    n = delivery.checks.filter(counted(), grade__in=ACCEPTED_GRADES).aggregate(n=Sum("quantity"))[
        "n"
    ]
    return int(n or 0)


def member_accepted_pieces(member: Member) -> int:
    """Every piece of hers accepted at quality control, all orders: one query."""
    return _graded(Q(delivery__allocation__member=member))[0]


def deliveries_with_accepted(**filters: object) -> QuerySet[Delivery]:
    """Deliveries with at least one accepted piece, each annotated with `accepted`."""
    return (
        Delivery.objects.filter(void__isnull=True, **filters)
        .annotate(accepted=Sum("checks__quantity", filter=Q(checks__grade__in=ACCEPTED_GRADES)))
        .filter(accepted__gt=0)
    )


# --- lists --------------------------------------------------------------------------------


def _checks_sum(grades: Sequence[str], link: str) -> Coalesce:
    """Pieces of these grades for the outer row; `link` is the path to it."""
    sub = (
        QualityCheck.objects.filter(counted(), grade__in=grades, **{link: OuterRef("pk")})
        .order_by()
        .values(link)  # group by the outer row: one summed row
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def orders_with_progress(group: Group) -> QuerySet[Order]:
    pieces = (
        OrderLine.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return (
        Order.objects.filter(group=group)
        .select_related("buyer")
        .annotate(
            pieces=Coalesce(Subquery(pieces, output_field=IntegerField()), 0),
            accepted=_checks_sum(ACCEPTED_GRADES, "delivery__allocation__line__order"),
        )
    )


def allocations_with_progress(**filters: object) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(**filters)
        .select_related("member", "line__product", "line__order")
        .annotate(
            accepted=_checks_sum(ACCEPTED_GRADES, "delivery__allocation"),
            rejected=_checks_sum([Grade.REJECTED], "delivery__allocation"),
            rework=_checks_sum([Grade.REWORK], "delivery__allocation"),
        )
    )


@dataclass(frozen=True)
class MaterialBalance:
    material: Material
    issued: Decimal
    returned: Decimal
    expected_use: Decimal  # grams the accepted pieces should have used

    @property
    def unaccounted(self) -> Decimal:
        return self.issued - self.returned - self.expected_use


def material_reconciliation(member: Member) -> list[MaterialBalance]:
    """Per material: issued, returned, expected use for accepted pieces, unaccounted."""
    moved = (
        MaterialMove.objects.filter(member=member)
        .values("material_id", "kind")
        .annotate(g=Sum("grams"))
    )
    issued: dict[uuid.UUID, Decimal] = {}
    returned: dict[uuid.UUID, Decimal] = {}
    for row in moved:
        target = issued if row["kind"] == MoveKind.ISSUE else returned
        target[row["material_id"]] = row["g"]
    accepted = dict(
        QualityCheck.objects.filter(
            counted(), delivery__allocation__member=member, grade__in=ACCEPTED_GRADES
        )
        .values_list("delivery__allocation__line__product_id")
        .annotate(n=Sum("quantity"))
    )
    expected: dict[uuid.UUID, Decimal] = {}
    for pm in ProductMaterial.objects.filter(product_id__in=accepted.keys()):
        expected[pm.material_id] = expected.get(pm.material_id, Decimal("0")) + (
            pm.grams * accepted[pm.product_id]
        )
    ids = set(issued) | set(returned) | set(expected)
    materials = {m.id: m for m in Material.objects.filter(id__in=ids)}
    zero = Decimal("0")
    return [
        MaterialBalance(
            materials[i], issued.get(i, zero), returned.get(i, zero), expected.get(i, zero)
        )
        for i in sorted(ids, key=lambda i: str(materials[i]))
    ]


# --- who is behind ---------------------------------------------------------------------------

# A member is judged on her pace only after this many days with her allocation; before,
# one week without a delivery says nothing (many bring all their pieces at once).
PACE_GRACE_DAYS = 7


@dataclass(frozen=True)
class MemberProgress:
    """One member's allocation of one order line, and whether she will finish in time.

    Pace, in plain words: the pieces she has finished (accepted or rejected at quality
    control) since the day she got the allocation, divided by the days gone by. At that
    pace, in the days left before the line's date she finishes `projected` pieces in
    all. She is behind when that is fewer than she was given (or the date has passed
    with pieces still due); `short` is how many she would not finish."""

    allocation: Allocation
    delivered: int  # pieces brought in, of any grade (rework included)
    accepted: int
    rejected: int
    days_gone: int
    days_left: int

    @property
    def allocated(self) -> int:
        return self.allocation.quantity

    @property
    def finished(self) -> int:
        return self.accepted + self.rejected

    @property
    def due(self) -> int:
        return max(0, self.allocated - self.finished)

    @property
    def pace(self) -> Decimal:
        """Pieces finished per day since the allocation."""
        return Decimal(self.finished) / max(self.days_gone, 1)

    @property
    def projected(self) -> int:
        extra = int(self.pace * max(self.days_left, 0))
        return min(self.allocated, self.finished + extra)

    @property
    def behind(self) -> bool:
        if self.due == 0:
            return False
        if self.days_left <= 0:
            return True
        return self.days_gone >= PACE_GRACE_DAYS and self.projected < self.allocated

    @property
    def short(self) -> int:
        """Pieces she would not finish in time at her pace (0 when not behind)."""
        if not self.behind:
            return 0
        return min(self.due, self.allocated - self.projected) if self.days_left > 0 else self.due


def _delivered_sum() -> Coalesce:
    sub = (
        Delivery.objects.filter(allocation=OuterRef("pk"), void__isnull=True)
        .order_by()
        .values("allocation")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def order_progress(*, today: date, **filters: object) -> list[MemberProgress]:
    """Each member's allocation of open order lines (filtered as given, e.g. order=...),
    with pieces allocated, delivered, accepted and still due, and her pace. Three
    queries however many rows."""
    rows = (
        allocations_with_progress(**{f"line__{k}": v for k, v in filters.items()})
        .filter(line__order__status__in=[OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION])
        .annotate(delivered=_delivered_sum())
        .order_by("line__order__deadline", "line__created_at", "member__number")
    )
    result = []
    annotated: list[Any] = list(rows)  # accepted, rejected, delivered: annotations
    for a in annotated:
        due_on = a.line.deadline or a.line.order.deadline
        result.append(
            MemberProgress(
                allocation=a,
                delivered=a.delivered,
                accepted=a.accepted,
                rejected=a.rejected,
                days_gone=(today - timezone.localtime(a.created_at).date()).days,
                days_left=(due_on - today).days,
            )
        )
    return result


def members_behind(group: Group, today: date) -> list[MemberProgress]:
    """Who is behind on any open order of the group, most pieces short first."""
    rows = [r for r in order_progress(today=today, order__group=group) if r.behind]
    return sorted(rows, key=lambda r: (-r.short, r.allocation.member.number))
