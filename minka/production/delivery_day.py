"""The delivery day: every member who still owes pieces, one row each, saved row by row.

A row is saved by the same services as the one-woman form (delivery_record for each
design, material_move_record for yarn brought back), inside one transaction: if any part
of her row is refused, nothing of the row is written.

Nothing is doubled. Each line of a row carries the pieces she still owed when the row
was drawn (`seen_due`). Saving locks her allocations and compares: if another save came
first (a second click, the same form sent again, another coordinator on another
device entering the same woman), what she owes has changed, and the row is refused and
drawn again with the new figures.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from minka.members.models import Group, Member
from minka.production.models import (
    Allocation,
    Delivery,
    Material,
    MaterialMove,
    MoveKind,
    OrderStatus,
)
from minka.production.selectors import allocation_progress, allocations_with_progress
from minka.production.services import delivery_record, material_move_record

# --- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayItem:
    allocation: Allocation  # annotated: accepted, rejected, rework, today
    due: int  # pieces she still owes (rework counts as still to come)
    today: int  # pieces of this allocation recorded for the day shown


@dataclass(frozen=True)
class Held:
    material: Material
    grams: Decimal


@dataclass
class DayRow:
    member: Member
    items: list[DayItem] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(i.due for i in self.items)

    @property
    def today(self) -> int:
        return sum(i.today for i in self.items)


def _on_day(on: date) -> Coalesce:
    sub = (
        Delivery.objects.filter(allocation=OuterRef("pk"), received_on=on, void__isnull=True)
        .order_by()
        .values("allocation")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def delivery_day_rows(group: Group, on: date, member: Member | None = None) -> list[DayRow]:
    """Members with pieces still due on orders in production (or delivered on `on`), in
    member-number order, with the yarn each holds. Three queries however many rows."""
    filters: dict[str, object] = {
        "line__order__group": group,
        "line__order__status": OrderStatus.IN_PRODUCTION,
    }
    if member is not None:
        filters["member"] = member
    allocations = (
        allocations_with_progress(**filters)
        .annotate(today=_on_day(on))
        .order_by("member__number", "line__order__deadline", "line__created_at")
    )
    rows: dict[uuid.UUID, DayRow] = {}
    annotated: list[Any] = list(allocations)  # accepted, rejected, today: annotations
    for a in annotated:
        due = a.quantity - a.accepted - a.rejected
        if due <= 0 and not a.today:
            continue
        row = rows.setdefault(a.member_id, DayRow(a.member))
        row.items.append(DayItem(a, max(due, 0), a.today))
    moves = (
        MaterialMove.objects.filter(member_id__in=rows.keys())
        .values("member_id", "material_id", "kind")
        .annotate(g=Sum("grams"))
    )
    held: dict[tuple[uuid.UUID, uuid.UUID], Decimal] = {}
    for m in moves:
        sign = 1 if m["kind"] == MoveKind.ISSUE else -1
        key = (m["member_id"], m["material_id"])
        held[key] = held.get(key, Decimal("0")) + sign * m["g"]
    materials = Material.objects.in_bulk({k[1] for k, g in held.items() if g > 0})
    for (member_id, material_id), grams in sorted(held.items(), key=lambda kv: str(kv[0][1])):
        if grams > 0:
            rows[member_id].held.append(Held(materials[material_id], grams))
    return list(rows.values())


# --- the write ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayLine:
    allocation: Allocation
    seen_due: int
    arrived: int
    grade_a: int
    grade_b: int
    rework: int
    rejected: int
    defect: str = ""


def delivery_day_row_save(
    *,
    member: Member,
    lines: Sequence[DayLine],
    received_on: date,
    by: User,
    yarn: Material | None = None,
    yarn_grams: Decimal | None = None,
) -> list[Delivery]:
    """Record one woman's row of the delivery day, all of it or (on any refusal) none."""
    if not lines and yarn is None:
        raise ValidationError(_("Anote las piezas que trajo o el hilo que devolvió."))
    with transaction.atomic():
        # Her allocations locked, by id: a second save of the same woman waits here.
        locked = {
            a.pk: a
            for a in Allocation.objects.select_for_update()
            .select_related("line__product")
            .filter(pk__in=sorted(line.allocation.pk for line in lines), member=member)
            .order_by("pk")
        }
        made: list[Delivery] = []
        for line in lines:
            allocation = locked.get(line.allocation.pk)
            if allocation is None:
                raise ValidationError(_("Ese encargo es de otra socia."))
            product = allocation.line.product.name
            now_due = allocation_progress(allocation).outstanding
            if now_due != line.seen_due:
                raise ValidationError(
                    _(
                        "%(product)s: mientras tanto se registró otra entrega de %(name)s; "
                        "ahora le faltan %(now)d (la pantalla decía %(seen)d). Nada se "
                        "guardó de esta fila: revise y guarde otra vez."
                    )
                    % {
                        "product": product,
                        "name": member.full_name,
                        "now": now_due,
                        "seen": line.seen_due,
                    },
                    code="changed",
                )
            try:
                made.append(
                    delivery_record(
                        allocation=allocation,
                        received_on=received_on,
                        quantity=line.arrived,
                        grade_a=line.grade_a,
                        grade_b=line.grade_b,
                        rework=line.rework,
                        rejected=line.rejected,
                        defect=line.defect,
                        by=by,
                    )
                )
            except ValidationError as exc:
                raise ValidationError([f"{product}: {m}" for m in exc.messages]) from exc
        if yarn is not None and yarn_grams is not None:
            material_move_record(
                member=member,
                material=yarn,
                kind=MoveKind.RETURN,
                grams=yarn_grams,
                moved_on=received_on,
                by=by,
                allocation=lines[0].allocation if len(lines) == 1 else None,
            )
    return made
