"""Production workflows: orders, fair allocation, materials, deliveries with QC.

Each function validates, writes in one transaction and returns; a refusal raises
ValidationError with a message for the coordinator, and nothing is written.
"""

import math
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import earning_add
from minka.lib.i18n import record_language
from minka.lib.money import format_money
from minka.members.models import Group, Member, MemberStatus, Sequence, Skill
from minka.production.allocation import Candidate, Proposal, Share, water_fill
from minka.production.models import (
    ACCEPTED_GRADES,
    Allocation,
    Buyer,
    Defect,
    Delivery,
    Grade,
    Material,
    MaterialMove,
    MoveKind,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    ProductMaterial,
    QualityCheck,
)
from minka.production.selectors import allocation_progress, line_progress

RECENT_DAYS = 90


# --- orders -----------------------------------------------------------------------------


def order_create(
    *,
    group: Group,
    buyer: Buyer,
    currency: str,
    exchange_rate: Decimal,
    deadline: date,
    by: User,
    ordered_on: date | None = None,
    notes: str = "",
) -> Order:
    ordered_on = ordered_on or timezone.localdate()
    if buyer.group_id != group.id:
        raise ValidationError(_("Ese cliente no es de este grupo."))
    if currency == "PEN":
        exchange_rate = Decimal("1")
    elif exchange_rate <= 0:
        raise ValidationError(_("Indique el tipo de cambio (soles por dólar)."))
    if deadline < ordered_on:
        raise ValidationError(_("La fecha de entrega no puede ser antes del pedido."))
    with transaction.atomic():
        return Order.objects.create(
            group=group,
            buyer=buyer,
            number=Sequence.next_number(group, "order", "P"),
            currency=currency,
            exchange_rate=exchange_rate,
            ordered_on=ordered_on,
            deadline=deadline,
            notes=notes,
            created_by=by,
        )


def order_line_add(
    *,
    order: Order,
    product: Product,
    quantity: int,
    unit_price: Decimal,
    deadline: date | None = None,
) -> OrderLine:
    if order.status != OrderStatus.DRAFT:
        raise ValidationError(_("Solo se agregan líneas a un pedido en borrador."))
    if product.group_id != order.group_id:
        raise ValidationError(_("Ese diseño no es de este grupo."))
    if quantity < 1:
        raise ValidationError(_("La cantidad debe ser al menos 1."))
    if unit_price < 0:
        raise ValidationError(_("El precio no puede ser negativo."))
    if deadline is not None and deadline < order.ordered_on:
        raise ValidationError(_("La fecha de entrega no puede ser antes del pedido."))
    return OrderLine.objects.create(
        order=order,
        product=product,
        quantity=quantity,
        unit_price=unit_price,
        deadline=deadline,
    )


def order_set_status(*, order: Order, status: str) -> Order:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.can_become(status):
            raise ValidationError(
                _("Un pedido «%(now)s» no puede pasar a «%(next)s».")
                % {"now": order.get_status_display(), "next": OrderStatus(status).label}
            )
        if status == OrderStatus.CONFIRMED and not order.lines.exists():
            raise ValidationError(_("Agregue al menos una línea antes de confirmar."))
        if status == OrderStatus.DELIVERED:
            for line in order.lines.all():
                if line_progress(line).accepted < line.quantity:
                    raise ValidationError(
                        _("Faltan piezas aceptadas de %(product)s.") % {"product": line.product}
                    )
        order.status = status
        order.save(update_fields=["status"])
    return order


# --- fair allocation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Explained:
    share: Share
    text: str


@dataclass(frozen=True)
class AllocationPlan:
    line: OrderLine
    to_allocate: int
    proposal: Proposal
    explained: list[Explained]
    not_eligible: list[tuple[Member, str]]
    shortfall_text: str


def _committed_minutes(
    member_ids: list[uuid.UUID], exclude_line: OrderLine
) -> dict[uuid.UUID, int]:
    """Minutes of work each member still owes on other open orders."""
    allocs = (
        Allocation.objects.filter(
            member_id__in=member_ids,
            line__order__status__in=[OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION],
        )
        .exclude(line=exclude_line)
        .annotate(
            done=Sum(
                "deliveries__checks__quantity",
                filter=~Q(deliveries__checks__grade=Grade.REWORK)
                & Q(deliveries__void__isnull=True),
            )
        )
        .values("member_id", "quantity", "done", minutes=F("line__product__standard_minutes"))
    )
    committed: dict[uuid.UUID, int] = {}
    for row in allocs:
        left = max(0, row["quantity"] - (row["done"] or 0))
        committed[row["member_id"]] = committed.get(row["member_id"], 0) + left * row["minutes"]
    return committed


def capacity_pieces(hours_per_week: int, days: int, committed_minutes: int, minutes: int) -> int:
    """Whole pieces she can make in the days left, after work she already owes."""
    weeks = Decimal(max(days, 7)) / 7
    free = Decimal(hours_per_week * 60) * weeks - committed_minutes
    return max(0, math.floor(free / minutes))


def allocation_plan(*, line: OrderLine, today: date | None = None) -> AllocationPlan:
    """Minka's proposal for the pieces of a line not yet given out, explained."""
    today = today or timezone.localdate()
    product = line.product
    group_id = line.order.group_id
    to_allocate = max(0, line.quantity - line_progress(line).allocated)
    members = list(Member.objects.filter(group_id=group_id).order_by("number"))
    levels = {
        s.member_id: s.level
        for s in Skill.objects.filter(member__group_id=group_id, technique=product.technique)
    }
    since = today - timedelta(days=RECENT_DAYS)
    earned = dict(
        LedgerEntry.objects.filter(group_id=group_id, kind=EntryKind.EARNING, entry_date__gte=since)
        .values_list("member_id")
        .annotate(total=Sum("amount"))
    )
    eligible: list[Member] = []
    not_eligible: list[tuple[Member, str]] = []
    for m in members:
        level = levels.get(m.id)
        if m.status != MemberStatus.ACTIVE:
            not_eligible.append((m, _("no está activa")))
        elif level is None:
            not_eligible.append((m, _("no tiene la técnica %(t)s") % {"t": product.technique}))
        elif level < product.min_level:
            not_eligible.append(
                (
                    m,
                    _("su nivel en %(t)s es menor al que pide el diseño")
                    % {"t": product.technique},
                )
            )
        else:
            eligible.append(m)
    committed = _committed_minutes([m.id for m in eligible], line)
    days = (line.due - today).days
    candidates = [
        Candidate(
            member_id=m.id,
            number=m.number,
            name=m.full_name,
            capacity=capacity_pieces(
                m.hours_per_week, days, committed.get(m.id, 0), product.standard_minutes
            ),
            recent_earnings=earned.get(m.id) or Decimal("0"),
        )
        for m in eligible
    ]
    proposal = water_fill(to_allocate, product.rate_a, candidates)
    if to_allocate:
        explained = [Explained(s, _explain(s, line)) for s in proposal.shares]
    else:
        done = _("Ya se repartieron todas las piezas de esta línea.")
        explained = [Explained(s, done) for s in proposal.shares]
    shortfall_text = ""
    if proposal.shortfall:
        shortfall_text = ngettext(
            "Falta %(n)d pieza: las socias con la técnica no tienen más tiempo antes del "
            "%(date)s. Amplíe el plazo o busque más socias.",
            "Faltan %(n)d piezas: las socias con la técnica no tienen más tiempo antes del "
            "%(date)s. Amplíe el plazo o busque más socias.",
            proposal.shortfall,
        ) % {"n": proposal.shortfall, "date": line.due.strftime("%d/%m/%Y")}
    return AllocationPlan(line, to_allocate, proposal, explained, not_eligible, shortfall_text)


def _explain(share: Share, line: OrderLine) -> str:
    c = share.candidate
    earned = format_money(c.recent_earnings)
    if c.capacity == 0:
        return _("No tiene horas libres antes del %(date)s.") % {
            "date": line.due.strftime("%d/%m/%Y")
        }
    if share.pieces == 0:
        return _("Ganó %(earned)s en los últimos 3 meses, más que las que reciben piezas.") % {
            "earned": earned
        }
    text = ngettext(
        "Recibe %(n)d pieza: ganó %(earned)s en los últimos 3 meses; puede hacer %(cap)d.",
        "Recibe %(n)d piezas: ganó %(earned)s en los últimos 3 meses; puede hacer %(cap)d.",
        share.pieces,
    ) % {"n": share.pieces, "earned": earned, "cap": c.capacity}
    if share.at_capacity:
        text += " " + _("Es todo lo que puede hacer a tiempo.")
    return text


def allocations_confirm(
    *,
    line: OrderLine,
    pieces: dict[uuid.UUID, int],
    by: User,
    today: date | None = None,
) -> list[Allocation]:
    """Give out pieces as the coordinator decided (the proposal, possibly edited)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=line.order_id)
        if order.status not in {OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION}:
            raise ValidationError(_("Confirme el pedido antes de repartir piezas."))
        with record_language():
            plan = allocation_plan(line=line, today=today)
        by_id = {e.share.candidate.member_id: e for e in plan.explained}
        wanted = {k: v for k, v in pieces.items() if v}
        if any(v < 0 for v in wanted.values()):
            raise ValidationError(_("El número de piezas no puede ser negativo."))
        if not wanted:
            raise ValidationError(_("No se asignó ninguna pieza."))
        total = sum(wanted.values())
        if total > plan.to_allocate:
            raise ValidationError(
                _("Se asignan %(total)d piezas pero solo quedan %(left)d por repartir.")
                % {"total": total, "left": plan.to_allocate}
            )
        made = []
        for member_id, n in wanted.items():
            explained = by_id.get(member_id)
            if explained is None:
                raise ValidationError(
                    _("Una de las socias elegidas no tiene la técnica o no está activa.")
                )
            cand = explained.share.candidate
            if n > cand.capacity:
                raise ValidationError(
                    _("%(name)s puede hacer %(cap)d piezas a tiempo, no %(n)d.")
                    % {"name": cand.name, "cap": cand.capacity, "n": n}
                )
            with record_language():
                reason = (
                    explained.text
                    if explained.share.pieces == n
                    else _("Cambiado por la coordinadora (propuesta: %(p)d).")
                    % {"p": explained.share.pieces}
                )
            made.append(
                Allocation.objects.create(
                    line=line,
                    member_id=member_id,
                    quantity=n,
                    reason=reason[:300],
                    confirmed_by=by,
                )
            )
        if order.status == OrderStatus.CONFIRMED:
            order.status = OrderStatus.IN_PRODUCTION
            order.save(update_fields=["status"])
    return made


# --- materials --------------------------------------------------------------------------------


def material_move_record(
    *,
    member: Member,
    material: Material,
    kind: str,
    grams: Decimal,
    moved_on: date,
    by: User,
    allocation: Allocation | None = None,
    lot: str = "",
) -> MaterialMove:
    """One member's issue or return (a return goes back into the centre's stock under
    its lot). Several lines at once, with the centre's stock checked: stock.py."""
    if material.group_id != member.group_id:
        raise ValidationError(_("Ese insumo no es de este grupo."))
    if allocation is not None and allocation.member_id != member.id:
        raise ValidationError(_("Ese encargo es de otra socia."))
    if kind not in MoveKind.values:
        raise ValidationError(_("Indique si el insumo se entrega o se devuelve."))
    if grams <= 0:
        raise ValidationError(_("Los gramos deben ser más que cero."))
    with transaction.atomic():
        if kind == MoveKind.RETURN:
            held = material_held(member, material)
            if grams > held:
                raise ValidationError(
                    _("%(name)s tiene %(held)s g de %(mat)s; no puede devolver %(g)s g.")
                    % {"name": member.full_name, "held": held, "mat": material, "g": grams}
                )
        return MaterialMove.objects.create(
            group_id=member.group_id,
            member=member,
            material=material,
            kind=kind,
            grams=grams,
            moved_on=moved_on,
            allocation=allocation,
            lot=lot.strip()[:40],
            recorded_by=by,
        )


def material_held(member: Member, material: Material) -> Decimal:
    moves = MaterialMove.objects.filter(member=member, material=material)
    issued = moves.filter(kind=MoveKind.ISSUE).aggregate(g=Sum("grams"))["g"] or Decimal("0")
    returned = moves.filter(kind=MoveKind.RETURN).aggregate(g=Sum("grams"))["g"] or Decimal("0")
    return issued - returned


# --- deliveries and quality control ----------------------------------------------------------


def delivery_record(
    *,
    allocation: Allocation,
    received_on: date,
    grade_a: int,
    grade_b: int,
    rework: int,
    rejected: int,
    by: User,
    defect: str = "",
    quantity: int | None = None,
) -> Delivery:
    """Record pieces brought back, their grades, and credit her ledger for A and B.

    `quantity` is what she handed over; when given, the grades must add up to it.
    """
    counts = {Grade.A: grade_a, Grade.B: grade_b, Grade.REWORK: rework, Grade.REJECTED: rejected}
    if any(n < 0 for n in counts.values()):
        raise ValidationError(_("Las cantidades no pueden ser negativas."))
    total = sum(counts.values())
    if total == 0:
        raise ValidationError(_("Indique cuántas piezas entregó."))
    if quantity is not None and quantity != total:
        raise ValidationError(
            _("Entregó %(q)d piezas pero los grados suman %(t)d.") % {"q": quantity, "t": total}
        )
    if (rework or rejected) and defect not in Defect.values:
        raise ValidationError(_("Elija el defecto de las piezas rechazadas o para rehacer."))
    if received_on > timezone.localdate():
        raise ValidationError(_("La fecha de entrega no puede ser futura."))
    with transaction.atomic():
        allocation = (
            Allocation.objects.select_for_update()
            .select_related("line__product", "line__order", "member__group")
            .get(pk=allocation.pk)
        )
        if allocation.line.order.status not in {OrderStatus.IN_PRODUCTION}:
            raise ValidationError(_("Este pedido no está en producción."))
        outstanding = allocation_progress(allocation).outstanding
        if total > outstanding:
            raise ValidationError(
                ngettext(
                    "Solo le falta entregar %(n)d pieza de este encargo; se registran %(t)d.",
                    "Solo le falta entregar %(n)d piezas de este encargo; se registran %(t)d.",
                    outstanding,
                )
                % {"n": outstanding, "t": total}
            )
        delivery = Delivery.objects.create(
            allocation=allocation, received_on=received_on, quantity=total, recorded_by=by
        )
        QualityCheck.objects.bulk_create(
            QualityCheck(
                delivery=delivery,
                grade=grade,
                quantity=n,
                defect=defect if grade != Grade.A else "",
            )
            for grade, n in counts.items()
            if n
        )
        product = allocation.line.product
        for grade in ACCEPTED_GRADES:
            if counts[grade]:
                with record_language():
                    grade_name = str(Grade(grade).label)
                earning_add(
                    member=allocation.member,
                    quantity=counts[grade],
                    unit_amount=product.rate_for(grade),
                    description=f"{product.name} — {grade_name} ({allocation.line.order.number})",
                    entry_date=received_on,
                    source_type="production.delivery",
                    source_id=delivery.id,
                    by=by,
                )
    return delivery


# --- products -----------------------------------------------------------------------------


def product_save(*, product: Product, materials: list[tuple[Material, Decimal]]) -> Product:
    """Save a design with the grams of each material one piece takes."""
    if any(m.group_id != product.group_id for m, _g in materials):
        raise ValidationError(_("Ese insumo no es de este grupo."))
    if len({m.id for m, _g in materials}) != len(materials):
        raise ValidationError(_("Cada insumo va una sola vez."))
    if (
        Product.objects.filter(group_id=product.group_id, code=product.code)
        .exclude(pk=product.pk)
        .exists()
    ):
        raise ValidationError(_("Ya hay un diseño con el código %(c)s.") % {"c": product.code})
    with transaction.atomic():
        product.save()
        ProductMaterial.objects.filter(product=product).delete()
        ProductMaterial.objects.bulk_create(
            ProductMaterial(product=product, material=m, grams=g) for m, g in materials
        )
    return product
