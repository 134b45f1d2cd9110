"""Reads that more than one page (or app) uses: accepted pieces, progress of allocations
and order lines, materials a member still holds. Lists run a fixed number of queries
however many rows they show.

"Accepted" always means ACCEPTED_GRADES (production.models), the one home of that rule."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

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
    ProductMaterial,
    QualityCheck,
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
    rows = QualityCheck.objects.filter(checks).values("grade").annotate(n=Sum("quantity"))
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
    n = delivery.checks.filter(grade__in=ACCEPTED_GRADES).aggregate(n=Sum("quantity"))["n"]
    return int(n or 0)


def deliveries_with_accepted(**filters: object) -> QuerySet[Delivery]:
    """Deliveries with at least one accepted piece, each annotated with `accepted`."""
    return (
        Delivery.objects.filter(**filters)
        .annotate(accepted=Sum("checks__quantity", filter=Q(checks__grade__in=ACCEPTED_GRADES)))
        .filter(accepted__gt=0)
    )


# --- lists --------------------------------------------------------------------------------


def _checks_sum(grades: Sequence[str], link: str) -> Coalesce:
    """Pieces of these grades for the outer row; `link` is the path to it."""
    sub = (
        QualityCheck.objects.filter(grade__in=grades, **{link: OuterRef("pk")})
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
        QualityCheck.objects.filter(delivery__allocation__member=member, grade__in=ACCEPTED_GRADES)
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
