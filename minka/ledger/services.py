"""Writes to the member ledger. Each function validates, writes in one transaction,
and returns; a refusal raises ValidationError with a message for the user."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minka.ledger.models import EntryKind, LedgerEntry, Payout, PayMethod
from minka.lib.money import cents, format_money
from minka.members.models import Member, Sequence as NumberSequence


def member_balance(member: Member, currency: str = "PEN") -> Decimal:
    return LedgerEntry.objects.filter(member=member, currency=currency).balance()


def earning_add(
    *,
    member: Member,
    quantity: int,
    unit_amount: Decimal,
    description: str,
    entry_date: date,
    source_type: str = "",
    source_id: object = None,
    by: AbstractBaseUser | None = None,
) -> LedgerEntry | None:
    """Credit a member for pieces; nothing is written for zero pieces or a zero rate."""
    amount = cents(unit_amount * quantity)
    if quantity < 0 or unit_amount < 0:
        raise ValidationError(_("Las piezas y la tarifa no pueden ser negativas."))
    if amount == 0:
        return None
    return LedgerEntry.objects.create(
        group_id=member.group_id,
        member=member,
        kind=EntryKind.EARNING,
        amount=amount,
        entry_date=entry_date,
        description=description[:200],
        quantity=quantity,
        unit_amount=unit_amount,
        source_type=source_type,
        source_id=source_id,
        created_by=by,
    )


def entry_reverse(
    *, entry: LedgerEntry, reason: str, by: AbstractBaseUser, on: date
) -> LedgerEntry:
    """Cancel an entry with an opposite one. An entry is reversed at most once."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Escriba el motivo de la corrección."))
    with transaction.atomic():
        entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.kind == EntryKind.REVERSAL:
            raise ValidationError(_("Una corrección no se puede corregir otra vez."))
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(_("Este movimiento ya fue corregido."))
        return LedgerEntry.objects.create(
            group_id=entry.group_id,
            member_id=entry.member_id,
            kind=EntryKind.REVERSAL,
            amount=-entry.amount,
            currency=entry.currency,
            entry_date=on,
            description=(_("Corrige: %(what)s — %(why)s") % {
                "what": entry.description, "why": reason})[:200],
            quantity=entry.quantity,
            unit_amount=entry.unit_amount,
            reverses=entry,
            created_by=by,
        )


def payout_make(
    *,
    member: Member,
    amount: Decimal,
    paid_on: date,
    method: str,
    by: AbstractBaseUser,
    as_advance: bool = False,
    currency: str = "PEN",
) -> Payout:
    """Pay a member. More than her balance is refused unless recorded as an advance."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    if method not in PayMethod.values:
        raise ValidationError(_("Elija una forma de pago."))
    with transaction.atomic():
        # Lock the member row so two treasurers paying at once cannot both spend the balance.
        member = Member.objects.select_for_update().get(pk=member.pk)
        balance = member_balance(member, currency)
        if amount > balance and not as_advance:
            raise ValidationError(
                _(
                    "%(name)s tiene un saldo de %(balance)s. Para pagar %(amount)s "
                    "regístrelo como adelanto."
                )
                % {
                    "name": member.full_name,
                    "balance": format_money(balance, currency),
                    "amount": format_money(amount, currency),
                }
            )
        payout = Payout.objects.create(
            group_id=member.group_id,
            member=member,
            number=NumberSequence.next_number(member.group, "receipt", "R"),
            amount=amount,
            currency=currency,
            paid_on=paid_on,
            method=method,
            is_advance=as_advance and amount > balance,
            paid_by=by,
        )
        LedgerEntry.objects.create(
            group_id=member.group_id,
            member=member,
            kind=EntryKind.ADVANCE if payout.is_advance else EntryKind.PAYOUT,
            amount=-amount,
            currency=currency,
            entry_date=paid_on,
            description=_("Recibo %(number)s") % {"number": payout.number},
            payout=payout,
            created_by=by,
        )
    return payout


@dataclass(frozen=True)
class PayLine:
    member: Member
    amount: Decimal


def payouts_make_many(
    *, lines: Sequence[PayLine], paid_on: date, method: str, by: AbstractBaseUser
) -> list[Payout]:
    """Pay several members at once: all are paid, or (on any refusal) none is."""
    if not lines:
        raise ValidationError(_("Elija al menos una socia."))
    with transaction.atomic():
        return [
            payout_make(member=line.member, amount=line.amount, paid_on=paid_on,
                        method=method, by=by)
            for line in lines
        ]


def earnings_in_payout(payout: Payout) -> list[LedgerEntry]:
    """The piece earnings a receipt covers: those since her previous payout."""
    previous = (
        Payout.objects.filter(member_id=payout.member_id, created_at__lt=payout.created_at)
        .order_by("-created_at")
        .first()
    )
    entries = LedgerEntry.objects.filter(
        member_id=payout.member_id,
        kind=EntryKind.EARNING,
        currency=payout.currency,
        created_at__lte=payout.created_at,
        reversed_by__isnull=True,
    )
    if previous is not None:
        entries = entries.filter(created_at__gt=previous.created_at)
    return list(entries.order_by("entry_date", "created_at"))
