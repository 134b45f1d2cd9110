"""Cancelling a delivery recorded by mistake, even when its earnings were already paid.

Nothing is deleted: a DeliveryVoid marks the delivery, its pieces stop counting (the
allocation owes them again), and each earning it credited is reversed through the
ledger's one door (entry_reverse), with words she can read on her statement. If she was
already paid for it, her balance goes below zero by what she was paid: the screen says
so before, and the correction line on her statement says why.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.selectors import member_balance
from minka.ledger.services import entry_reverse
from minka.lib.i18n import record_language
from minka.production.models import Allocation, Delivery, DeliveryVoid, OrderStatus

SOURCE = "production.delivery"


@dataclass(frozen=True)
class VoidPreview:
    delivery: Delivery
    earnings: list[LedgerEntry]  # what the delivery credited, not yet corrected
    balance_before: Decimal
    refusal: str

    @property
    def total(self) -> Decimal:
        return sum((e.amount for e in self.earnings), Decimal("0"))

    @property
    def balance_after(self) -> Decimal:
        return self.balance_before - self.total

    @property
    def paid_part(self) -> Decimal:
        """How much of these earnings she has already been paid (her balance is less)."""
        return max(Decimal("0"), min(self.total, self.total - self.balance_before))


def _refusal(delivery: Delivery) -> str:
    if DeliveryVoid.objects.filter(delivery=delivery).exists():
        return _("Esta entrega ya fue anulada.")
    if delivery.allocation.line.order.status != OrderStatus.IN_PRODUCTION:
        return _("El pedido ya no está en producción; esta entrega no se puede anular.")
    if Delivery.objects.filter(pk=delivery.pk, stock_move__isnull=False).exists():
        return _("Las piezas de esta entrega ya están en el stock; no se puede anular.")
    return ""


def delivery_void_preview(delivery: Delivery) -> VoidPreview:
    earnings = list(
        LedgerEntry.objects.filter(
            source_type=SOURCE,
            source_id=delivery.id,
            kind=EntryKind.EARNING,
            reversed_by__isnull=True,
        ).order_by("created_at", "id")
    )
    return VoidPreview(
        delivery, earnings, member_balance(delivery.allocation.member), _refusal(delivery)
    )


def delivery_void(*, delivery: Delivery, reason: str, on: date, by: User) -> DeliveryVoid:
    """Cancel a delivery and reverse what it credited, all or nothing."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Escriba el motivo de la anulación."))
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))
    with transaction.atomic():
        Allocation.objects.select_for_update().filter(pk=delivery.allocation_id).first()
        delivery = Delivery.objects.select_related("allocation__line__order").get(pk=delivery.pk)
        refusal = _refusal(delivery)
        if refusal:
            raise ValidationError(refusal)
        void = DeliveryVoid.objects.create(
            delivery=delivery, reason=reason[:150], voided_on=on, by=by
        )
        with record_language():
            why = _("entrega del %(date)s anulada: %(reason)s") % {
                "date": delivery.received_on.strftime("%d/%m/%Y"),
                "reason": reason,
            }
        for entry in delivery_void_preview(delivery).earnings:
            entry_reverse(entry=entry, reason=why, by=by, on=on)
    return void
