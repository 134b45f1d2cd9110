"""The centre's materials: stock by material (its kind and colour) and lot, what came in,
hand-outs of several lines at once, what each member holds, and counts.

Every write is a new MaterialMove (append-only): a receipt, a hand-out line, a return
(services.material_move_record) or a count's difference. The stock is a sum of moves,
never a stored number that can drift. Writes lock the group's row so two hand-outs at
once cannot both take the last skein.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.members.models import Group, Member
from minka.production.models import (
    Allocation,
    Material,
    MaterialMove,
    MaterialSource,
    MoveKind,
)

ZERO = Decimal("0")
Key = tuple[uuid.UUID, str]  # (material id, lot)


# --- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockRow:
    material: Material
    lot: str
    received: Decimal
    issued: Decimal
    returned: Decimal
    counted_difference: Decimal

    @property
    def on_hand(self) -> Decimal:
        return self.received - self.issued + self.returned + self.counted_difference


def _sums(group: Group, keys: Sequence[Key] | None = None) -> dict[Key, dict[str, Decimal]]:
    moves = MaterialMove.objects.filter(group=group)
    if keys is not None:
        moves = moves.filter(material_id__in={k[0] for k in keys})
    sums: dict[Key, dict[str, Decimal]] = {}
    for row in moves.values("material_id", "lot", "kind").annotate(g=Sum("grams")):
        sums.setdefault((row["material_id"], row["lot"]), {})[row["kind"]] = row["g"] or ZERO
    return sums


def _on_hand(by_kind: dict[str, Decimal]) -> Decimal:
    return (
        by_kind.get(MoveKind.RECEIVE, ZERO)
        - by_kind.get(MoveKind.ISSUE, ZERO)
        + by_kind.get(MoveKind.RETURN, ZERO)
        + by_kind.get(MoveKind.COUNT, ZERO)
    )


def centre_stock(group: Group) -> list[StockRow]:
    """Per material and lot: received, handed out, returned, counts' differences."""
    sums = _sums(group)
    materials = {m.id: m for m in Material.objects.filter(group=group)}
    rows = [
        StockRow(
            materials[mid],
            lot,
            k.get(MoveKind.RECEIVE, ZERO),
            k.get(MoveKind.ISSUE, ZERO),
            k.get(MoveKind.RETURN, ZERO),
            k.get(MoveKind.COUNT, ZERO),
        )
        for (mid, lot), k in sums.items()
    ]
    return sorted(rows, key=lambda r: (str(r.material), r.lot))


def centre_on_hand(group: Group, material: Material, lot: str) -> Decimal:
    return _on_hand(_sums(group, [(material.id, lot)]).get((material.id, lot), {}))


@dataclass(frozen=True)
class Holding:
    member: Member
    material: Material
    grams: Decimal  # handed to her and not brought back, every lot together


def member_holdings(group: Group) -> list[Holding]:
    """What each member holds of each material (only what she still has)."""
    rows = (
        MaterialMove.objects.filter(group=group, member__isnull=False)
        .values("member_id", "material_id", "kind")
        .annotate(g=Sum("grams"))
    )
    held: dict[tuple[uuid.UUID, uuid.UUID], Decimal] = {}
    for row in rows:
        sign = 1 if row["kind"] == MoveKind.ISSUE else -1
        key = (row["member_id"], row["material_id"])
        held[key] = held.get(key, ZERO) + sign * (row["g"] or ZERO)
    held = {k: g for k, g in held.items() if g > 0}
    members = {m.id: m for m in Member.objects.filter(id__in={k[0] for k in held})}
    materials = {m.id: m for m in Material.objects.filter(id__in={k[1] for k in held})}
    out = [Holding(members[mid], materials[tid], g) for (mid, tid), g in held.items()]
    return sorted(out, key=lambda h: (h.member.number, str(h.material)))


# --- writes -------------------------------------------------------------------------------


def _check_date(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))


def _lock(group_id: uuid.UUID) -> None:
    """Serialise the stock writes of one group (a row lock on PostgreSQL; SQLite writes
    one at a time anyway)."""
    Group.objects.select_for_update().filter(pk=group_id).exists()


def materials_receive(
    *,
    group: Group,
    material: Material,
    grams: Decimal,
    source: str,
    received_on: date,
    by: User,
    lot: str = "",
    note: str = "",
) -> MaterialMove:
    """Material coming into the centre: bought, or sent by the organisation or a buyer."""
    if material.group_id != group.id:
        raise ValidationError(_("Ese insumo no es de este grupo."))
    if grams <= 0:
        raise ValidationError(_("Los gramos deben ser más que cero."))
    if source not in MaterialSource.values:
        raise ValidationError(_("Indique de dónde viene el insumo."))
    _check_date(received_on)
    with transaction.atomic():
        _lock(group.id)
        return MaterialMove.objects.create(
            group=group,
            material=material,
            kind=MoveKind.RECEIVE,
            lot=lot.strip(),
            grams=grams,
            source=source,
            moved_on=received_on,
            note=note.strip(),
            recorded_by=by,
        )


@dataclass(frozen=True)
class HandOutLine:
    material: Material
    lot: str
    grams: Decimal


def materials_hand_out(
    *,
    member: Member,
    lines: Sequence[HandOutLine],
    moved_on: date,
    by: User,
    allocation: Allocation | None = None,
) -> list[MaterialMove]:
    """Several materials, colours or lots handed to one member at once: all or none.

    Refused, with nothing written, if the centre does not hold enough of a line."""
    if not lines:
        raise ValidationError(_("Agregue al menos un insumo para entregar."))
    if any(line.grams <= 0 for line in lines):
        raise ValidationError(_("Los gramos deben ser más que cero."))
    if any(line.material.group_id != member.group_id for line in lines):
        raise ValidationError(_("Ese insumo no es de este grupo."))
    if allocation is not None and allocation.member_id != member.id:
        raise ValidationError(_("Ese encargo es de otra socia."))
    _check_date(moved_on)
    wanted: dict[Key, Decimal] = {}
    materials: dict[uuid.UUID, Material] = {}
    for line in lines:
        key = (line.material.id, line.lot.strip())
        wanted[key] = wanted.get(key, ZERO) + line.grams
        materials[line.material.id] = line.material
    with transaction.atomic():
        _lock(member.group_id)
        sums = _sums(member.group, list(wanted))
        for (mid, lot), grams in wanted.items():
            held = _on_hand(sums.get((mid, lot), {}))
            if grams > held:
                raise ValidationError(
                    _(
                        "El centro tiene %(held)s g de %(mat)s%(lot)s; no puede entregar "
                        "%(g)s g. No se guardó nada."
                    )
                    % {
                        "held": max(held, ZERO),
                        "mat": materials[mid],
                        "lot": (" · " + _("lote %(l)s") % {"l": lot}) if lot else "",
                        "g": grams,
                    }
                )
        return list(
            MaterialMove.objects.bulk_create(
                MaterialMove(
                    group_id=member.group_id,
                    member=member,
                    material=line.material,
                    kind=MoveKind.ISSUE,
                    lot=line.lot.strip(),
                    grams=line.grams,
                    moved_on=moved_on,
                    allocation=allocation,
                    recorded_by=by,
                )
                for line in lines
            )
        )


def material_count_record(
    *,
    group: Group,
    material: Material,
    counted: Decimal,
    counted_on: date,
    by: User,
    lot: str = "",
    note: str = "",
) -> MaterialMove:
    """The stock of one material and lot as counted; the difference with the records is
    written as a new move (found: +, missing: -), never by changing a move."""
    if material.group_id != group.id:
        raise ValidationError(_("Ese insumo no es de este grupo."))
    if counted < 0:
        raise ValidationError(_("Lo contado no puede ser negativo."))
    _check_date(counted_on)
    with transaction.atomic():
        _lock(group.id)
        expected = centre_on_hand(group, material, lot.strip())
        return MaterialMove.objects.create(
            group=group,
            material=material,
            kind=MoveKind.COUNT,
            lot=lot.strip(),
            grams=counted - expected,
            counted=counted,
            moved_on=counted_on,
            note=note.strip(),
            recorded_by=by,
        )
