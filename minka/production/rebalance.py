"""Moving pieces from who is behind to who has free hours, by the fair allocation's rules.

The suggestion: for an order line, the pieces that members who are behind would not
finish at their pace (selectors.MemberProgress.short) are offered to the members the
fair allocation would pick for them: active, with the technique at the design's level,
who have hours free before the line's date after all the work they already owe
(capacity_pieces), those who earned least lately first (water_fill). Members who are
behind on the line never receive. Nothing changes until the coordinator confirms; the
confirmation is refused if the suggestion is no longer what she saw.
"""

import uuid
from dataclasses import dataclass, replace
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.lib.i18n import record_language
from minka.members.models import Member
from minka.production.allocation import water_fill
from minka.production.models import Allocation, AllocationMove, Order, OrderLine, OrderStatus
from minka.production.selectors import MemberProgress, order_progress
from minka.production.services import allocation_plan


@dataclass(frozen=True)
class Move:
    source: MemberProgress  # the allocation of who is behind
    to_member_id: uuid.UUID
    to_name: str
    pieces: int

    @property
    def key(self) -> tuple[uuid.UUID, uuid.UUID, int]:
        return (self.source.allocation.id, self.to_member_id, self.pieces)


@dataclass(frozen=True)
class Rebalance:
    line: OrderLine
    behind: list[MemberProgress]
    moves: list[Move]
    unplaced: int  # pieces short that nobody has hours for

    @property
    def fingerprint(self) -> str:
        return ";".join(f"{a}:{m}:{n}" for a, m, n in sorted(mv.key for mv in self.moves))


def rebalance_plan(*, line: OrderLine, today: date | None = None) -> Rebalance:
    today = today or timezone.localdate()
    rows = order_progress(today=today, id=line.id)
    behind = sorted((r for r in rows if r.behind), key=lambda r: (-r.short, r.allocation.id))
    short = sum(r.short for r in behind)
    if not short:
        return Rebalance(line, behind, [], 0)
    behind_ids = {r.allocation.member_id for r in behind}
    due_here = {r.allocation.member_id: r.due for r in rows}
    plan = allocation_plan(line=line, today=today)
    # allocation_plan leaves out the pieces she owes on this very line; take them off.
    candidates = [
        replace(c, capacity=max(0, c.capacity - due_here.get(c.member_id, 0)))
        for c in (e.share.candidate for e in plan.explained)
        if c.member_id not in behind_ids
    ]
    proposal = water_fill(short, line.product.rate_a, candidates)
    receivers = [s.candidate for s in proposal.shares if s.pieces]
    room = {s.candidate.member_id: s.pieces for s in proposal.shares}
    moves: list[Move] = []
    for source in behind:
        left = source.short
        for cand in receivers:
            n = min(left, room[cand.member_id])
            if n:
                moves.append(Move(source, cand.member_id, cand.name, n))
                room[cand.member_id] -= n
                left -= n
    return Rebalance(line, behind, moves, proposal.shortfall)


def allocations_rebalance(
    *, line: OrderLine, fingerprint: str, by: User, today: date | None = None
) -> list[AllocationMove]:
    """Apply the suggestion the coordinator saw (its fingerprint), in one transaction:
    each move takes pieces off her allocation, adds them to the receiver's (a new
    allocation if she had none on the line) and is recorded as an AllocationMove."""
    today = today or timezone.localdate()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=line.order_id)
        if order.status not in {OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION}:
            raise ValidationError(_("Este pedido no está en producción."))
        list(Allocation.objects.select_for_update().filter(line=line).order_by("pk"))
        plan = rebalance_plan(line=line, today=today)
        if not plan.moves:
            raise ValidationError(
                _("No hay piezas que mover: nadie va atrasada o nadie tiene horas.")
            )
        if plan.fingerprint != fingerprint:
            raise ValidationError(
                _("La situación cambió desde que abrió la página. Revise la nueva sugerencia.")
            )
        made: list[AllocationMove] = []
        for move in plan.moves:
            source = Allocation.objects.get(pk=move.source.allocation.pk)
            Allocation.objects.filter(pk=source.pk).tracked_update(
                quantity=source.quantity - move.pieces
            )
            target = Allocation.objects.filter(line=line, member_id=move.to_member_id).first()
            with record_language():
                giver = move.source.allocation.member.full_name
                reason = _("Recibe %(n)d piezas de %(name)s, que va atrasada.") % {
                    "n": move.pieces,
                    "name": giver,
                }
            if target is None:
                target = Allocation.objects.create(
                    line=line,
                    member=Member.objects.get(pk=move.to_member_id),
                    quantity=move.pieces,
                    reason=reason[:300],
                    confirmed_by=by,
                )
            else:
                Allocation.objects.filter(pk=target.pk).tracked_update(
                    quantity=target.quantity + move.pieces
                )
            made.append(
                AllocationMove.objects.create(
                    line=line,
                    from_allocation=source,
                    to_allocation=target,
                    pieces=move.pieces,
                    moved_on=today,
                    by=by,
                )
            )
    return made
