"""Writes to the member ledger. Each function validates, writes in one transaction,
and returns; a refusal raises ValidationError with a message for the user."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from minka.ledger.models import EntryKind, LedgerEntry, PayMethod, Payout
from minka.lib.i18n import record_language
from minka.lib.money import cents, format_money
from minka.members.models import Group, Member
from minka.members.models import Sequence as NumberSequence


def _record(message: str, **values: object) -> str:
    """Ledger text is kept in the group's language (see record_language)."""
    with record_language():
        return gettext(message) % values


def member_balance(member: Member, currency: str = "PEN") -> Decimal:
    return LedgerEntry.objects.filter(member=member, currency=currency).balance()


@dataclass(frozen=True)
class MemberBalance:
    member: Member
    earned: Decimal  # piece earnings and sale shares, less the ones corrected
    received: Decimal  # payouts and advances handed to her, less the ones corrected
    balance: Decimal  # the SUM of all her entries: owed to her, or (negative) owed by her


_PAID_KINDS = [EntryKind.PAYOUT, EntryKind.ADVANCE]
_EARNED_KINDS = [EntryKind.EARNING, EntryKind.SALE_SHARE]


def member_balances(group: Group, currency: str = "PEN") -> list[MemberBalance]:
    """Every member of the group with her money, in one query grouped by member."""
    return _balances(Member.objects.filter(group=group), currency)


def member_money(member: Member, currency: str = "PEN") -> MemberBalance:
    """One member's earned, received and balance, counted as on the balances page."""
    return _balances(Member.objects.filter(pk=member.pk), currency)[0]


def _balances(members: QuerySet[Member], currency: str) -> list[MemberBalance]:
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
    same_currency = Q(ledger_entries__currency=currency)
    # Earned: piece earnings and makers' shares of sales, less the ones corrected.
    earning = Q(ledger_entries__kind__in=_EARNED_KINDS) | Q(
        ledger_entries__kind=EntryKind.REVERSAL,
        ledger_entries__reverses__kind__in=_EARNED_KINDS,
    )
    paid = Q(ledger_entries__kind__in=_PAID_KINDS) | Q(
        ledger_entries__kind=EntryKind.REVERSAL,
        ledger_entries__reverses__kind__in=_PAID_KINDS,
    )
    members = members.annotate(
        earned_sum=Coalesce(Sum("ledger_entries__amount", filter=same_currency & earning), zero),
        paid_sum=Coalesce(Sum("ledger_entries__amount", filter=same_currency & paid), zero),
        balance_sum=Coalesce(Sum("ledger_entries__amount", filter=same_currency), zero),
    ).order_by("number")
    return [
        MemberBalance(
            member=m,
            earned=cents(m.earned_sum),
            received=cents(-m.paid_sum),
            balance=cents(m.balance_sum),
        )
        for m in members
    ]


def entry_add(
    *,
    member: Member,
    kind: str,
    amount: Decimal,
    entry_date: date,
    description: str,
    currency: str = "PEN",
    quantity: int | None = None,
    unit_amount: Decimal | None = None,
    source_type: str = "",
    source_id: uuid.UUID | None = None,
    payout: Payout | None = None,
    reverses: LedgerEntry | None = None,
    by: User | None = None,
) -> LedgerEntry:
    """The one door to the ledger: every entry of every kind is written here.

    Callers are the services of this module and of other apps (earnings, sale shares,
    settlements, fines, hosts' pay); they decide the amount, this checks what holds for
    every entry and writes it. The caller's transaction (or this one) covers the write.
    """
    if kind not in EntryKind.values:
        raise ValidationError(_("Tipo de movimiento desconocido."))
    amount = cents(amount)
    if amount == 0:
        raise ValidationError(_("Un movimiento de cero no se registra."))
    with transaction.atomic():
        return LedgerEntry.objects.create(
            group_id=member.group_id,
            member=member,
            kind=kind,
            amount=amount,
            currency=currency,
            entry_date=entry_date,
            description=description[:200],
            quantity=quantity,
            unit_amount=unit_amount,
            reverses=reverses,
            payout=payout,
            source_type=source_type,
            source_id=source_id,
            created_by=by,
        )


def earning_add(
    *,
    member: Member,
    quantity: int,
    unit_amount: Decimal,
    description: str,
    entry_date: date,
    source_type: str = "",
    source_id: uuid.UUID | None = None,
    by: User | None = None,
) -> LedgerEntry | None:
    """Credit a member for pieces; nothing is written for zero pieces or a zero rate."""
    amount = cents(unit_amount * quantity)
    if quantity < 0 or unit_amount < 0:
        raise ValidationError(_("Las piezas y la tarifa no pueden ser negativas."))
    if amount == 0:
        return None
    return entry_add(
        member=member,
        kind=EntryKind.EARNING,
        amount=amount,
        entry_date=entry_date,
        description=description,
        quantity=quantity,
        unit_amount=unit_amount,
        source_type=source_type,
        source_id=source_id,
        by=by,
    )


def entry_reverse_refusal(entry: LedgerEntry) -> str | None:
    """Why this entry cannot be reversed, or None if it can."""
    if entry.kind == EntryKind.REVERSAL:
        return _("Una corrección no se puede corregir otra vez.")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        return _("Este movimiento ya fue corregido.")
    return None


def entry_reverse(*, entry: LedgerEntry, reason: str, by: User, on: date) -> LedgerEntry:
    """Cancel an entry with an opposite one. An entry is reversed at most once."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Escriba el motivo de la corrección."))
    with transaction.atomic():
        entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        refusal = entry_reverse_refusal(entry)
        if refusal:
            raise ValidationError(refusal)
        return entry_add(
            member=entry.member,
            kind=EntryKind.REVERSAL,
            amount=-entry.amount,
            currency=entry.currency,
            entry_date=on,
            description=(
                _record(
                    gettext_noop("Corrige: %(what)s — %(why)s"), what=entry.description, why=reason
                )
            )[:200],
            quantity=entry.quantity,
            unit_amount=entry.unit_amount,
            reverses=entry,
            by=by,
        )


def payout_make(
    *,
    member: Member,
    amount: Decimal,
    paid_on: date,
    method: str,
    by: User,
    as_advance: bool = False,
    currency: str = "PEN",
) -> Payout:
    """Pay a member. More than her balance is refused unless recorded as an advance."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    if method not in PayMethod.values:
        raise ValidationError(_("Elija una forma de pago."))
    if paid_on > timezone.localdate():
        raise ValidationError(_("La fecha del pago no puede ser futura."))
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
        entry_add(
            member=member,
            kind=EntryKind.ADVANCE if payout.is_advance else EntryKind.PAYOUT,
            amount=-amount,
            currency=currency,
            entry_date=paid_on,
            description=_record(gettext_noop("Recibo %(number)s"), number=payout.number),
            payout=payout,
            by=by,
        )
    return payout


@dataclass(frozen=True)
class PayLine:
    member: Member
    amount: Decimal


def payouts_make_many(
    *, lines: Sequence[PayLine], paid_on: date, method: str, by: User
) -> list[Payout]:
    """Pay several members at once: all are paid, or (on any refusal) none is."""
    if not lines:
        raise ValidationError(_("Elija al menos una socia."))
    with transaction.atomic():
        return [
            payout_make(
                member=line.member, amount=line.amount, paid_on=paid_on, method=method, by=by
            )
            for line in lines
        ]


def payouts_settle(
    *, lines: Sequence[PayLine], paid_on: date, method: str, by: User
) -> list[Payout]:
    """Pay several members their whole balance at once: all are paid, or none is.

    Each line carries the balance the treasurer saw on her screen. If it has changed
    since (a delivery, another payout), nothing is paid: she never hands over a sum
    she did not see.
    """
    if not lines:
        raise ValidationError(_("Elija al menos una socia."))
    if len({line.member.pk for line in lines}) != len(lines):
        raise ValidationError(_("Una socia aparece dos veces en la lista."))
    with transaction.atomic():
        problems: list[str] = []
        for line in lines:
            member = Member.objects.select_for_update().get(pk=line.member.pk)
            balance = member_balance(member)
            if balance <= 0:
                problems.append(
                    _("%(name)s no tiene saldo por cobrar.") % {"name": member.full_name}
                )
            elif balance != cents(line.amount):
                problems.append(
                    _(
                        "El saldo de %(name)s cambió: ahora es %(balance)s. Revise la lista "
                        "y vuelva a intentar."
                    )
                    % {"name": member.full_name, "balance": format_money(balance)}
                )
        if problems:
            raise ValidationError(problems)
        return payouts_make_many(lines=lines, paid_on=paid_on, method=method, by=by)


@dataclass(frozen=True)
class PaidWork:
    entry: LedgerEntry  # a piece earning
    amount: Decimal  # the part of it this payout pays

    @property
    def partial(self) -> bool:
        return self.amount != self.entry.amount


def earnings_in_payout(payout: Payout) -> list[PaidWork]:
    """The piece earnings a receipt pays: first earned, first paid.

    Her payouts (those not corrected) pay her earnings in the order they were recorded:
    what was paid before this payout covers the oldest work, and this payout covers the
    work after that, up to its amount; a line can be paid in part on two receipts. Work
    recorded after the payout is not on it, and an advance beyond what she had earned
    covers no work yet.
    """
    mine = LedgerEntry.objects.filter(
        member_id=payout.member_id, currency=payout.currency, reversed_by__isnull=True
    )
    paid_before = -mine.filter(
        kind__in=_PAID_KINDS, payout__created_at__lt=payout.created_at
    ).balance()
    start, end = paid_before, paid_before + payout.amount
    covered: list[PaidWork] = []
    reached = Decimal("0")
    earnings = mine.filter(kind=EntryKind.EARNING, created_at__lte=payout.created_at)
    for entry in earnings.order_by("created_at", "id"):
        low, reached = reached, reached + entry.amount
        part = min(reached, end) - max(low, start)
        if part > 0:
            covered.append(PaidWork(entry, part))
        if reached >= end:
            break
    return covered
