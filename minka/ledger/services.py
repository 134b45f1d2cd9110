"""Writes to the member ledger. Each function validates, writes in one transaction,
and returns; a refusal raises ValidationError with a message for the user.

One door: `entry_add` writes every LedgerEntry (here and for the other apps), and this
module writes every Payout. Nothing else creates either (a test reads the source).

Lock order. Every money write here that locks more than one row takes its locks in
this order, so two of them wait for each other instead of each holding what the other
needs (a deadlock):

1. the payout request (the form's token, a unique row: a form sent twice waits here
   for the first sending, then finds it and pays nothing);
2. members, by id ascending (one SELECT ... FOR UPDATE ORDER BY id for all of them);
3. the ledger entry being corrected;
4. the group's number sequence (receipt numbers);
5. the month totals, last, by entry_add's INSERT ... ON CONFLICT DO UPDATE.

Services of other apps that add entries for several members in one transaction (fines
for a meeting, the shares of a sale) should lock nothing of the ledger's before calling
entry_add, and add the members' entries in one fixed order (by member id).

On SQLite the whole database has one writer at a time (transactions begin IMMEDIATE),
so these locks matter on PostgreSQL; the order is the same on both.
"""

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from minka.cash.models import Direction
from minka.cash.services import cash_entry_add
from minka.ledger.models import EntryKind, LedgerEntry, PayMethod, Payout, PayoutRequest
from minka.ledger.selectors import (  # noqa: F401 - earnings_in_payout, PaidWork: receipts.py imports them from here
    PaidWork,
    earnings_in_payout,
    member_balance,
)
from minka.ledger.totals import entry_counted
from minka.lib.i18n import record_language
from minka.lib.money import cents, format_money
from minka.members.models import Member
from minka.members.models import Sequence as NumberSequence

PAYOUT_SOURCE = "ledger.payout"


def _record(message: str, **values: object) -> str:
    """Ledger text is kept in the group's language (see record_language)."""
    with record_language():
        return gettext(message) % values


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
        entry = LedgerEntry.objects.create(
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
        entry_counted(entry)
    return entry


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
        # Lock order: her member row, then the entry (see the module docstring).
        Member.objects.select_for_update().filter(pk=entry.member_id).first()
        entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        refusal = entry_reverse_refusal(entry)
        if refusal:
            raise ValidationError(refusal)
        if entry.payout is not None:
            # A payout recorded by mistake: the money is back in the box.
            cash_entry_add(
                group=entry.member.group,
                direction=Direction.IN,
                method=entry.payout.method,
                amount=abs(entry.amount),
                currency=entry.currency,
                on=on,
                description=_record(
                    gettext_noop("Corrige: %(what)s — %(why)s"), what=entry.description, why=reason
                )[:200],
                source_type=PAYOUT_SOURCE,
                source_id=entry.payout_id,
                by=by,
            )
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


def _members_locked(members: Sequence[Member]) -> dict[uuid.UUID, Member]:
    """Lock these members' rows, by id ascending (step 2 of the lock order)."""
    ids = sorted({m.pk for m in members})
    return {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _request_claim(token: uuid.UUID | None, by: User) -> PayoutRequest | None:
    """Claim the form's token (step 1 of the lock order), or refuse a form sent again.

    A second sending of the same form waits on the unique index until the first one
    commits (PostgreSQL) or simply runs after it (SQLite), then finds the token taken.
    A form without a token (a page drawn before tokens existed) is not checked; her
    member lock and balance still keep it from paying what is not owed."""
    if token is None:
        return None
    try:
        with transaction.atomic():
            return PayoutRequest.objects.create(token=token, by=by)
    except IntegrityError:
        numbers = list(
            Payout.objects.filter(request__token=token)
            .order_by("number")
            .values_list("number", flat=True)
        )
        raise ValidationError(
            _(
                "Este formulario ya se envió y el pago quedó registrado (recibo %(numbers)s). "
                "No se pagó otra vez: revise la cuenta de la socia."
            )
            % {"numbers": ", ".join(numbers) or "—"},
            code="already_sent",
        ) from None


def _payout_write(
    *,
    member: Member,
    amount: Decimal,
    paid_on: date,
    method: str,
    by: User,
    as_advance: bool,
    currency: str,
    request: PayoutRequest | None,
) -> Payout:
    """Pay a member whose row the caller has locked."""
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
        request=request,
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
    # The money leaves the group's cash book in the same transaction (by its own method).
    cash_entry_add(
        group=member.group,
        direction=Direction.OUT,
        method=method,
        amount=amount,
        currency=currency,
        on=paid_on,
        description=_record(
            gettext_noop("Recibo %(number)s: %(name)s"), number=payout.number, name=member.full_name
        ),
        source_type=PAYOUT_SOURCE,
        source_id=payout.pk,
        by=by,
    )
    return payout


def _payment_checked(amount: Decimal, paid_on: date, method: str) -> Decimal:
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    if method not in PayMethod.values:
        raise ValidationError(_("Elija una forma de pago."))
    if paid_on > timezone.localdate():
        raise ValidationError(_("La fecha del pago no puede ser futura."))
    if paid_on < EARLIEST_PAYOUT:
        # A payout dated 1800 is a typing mistake, and it would sort before her work.
        raise ValidationError(_("Revise la fecha del pago: es demasiado antigua."))
    return amount


EARLIEST_PAYOUT = date(2000, 1, 1)


def payout_make(
    *,
    member: Member,
    amount: Decimal,
    paid_on: date,
    method: str,
    by: User,
    as_advance: bool = False,
    currency: str = "PEN",
    token: uuid.UUID | None = None,
) -> Payout:
    """Pay a member. More than her balance is refused unless recorded as an advance.

    `token`: the payout form's own id; the same form sent twice pays once."""
    amount = _payment_checked(amount, paid_on, method)
    with transaction.atomic():
        request = _request_claim(token, by)
        # Her row locked: two treasurers paying at once cannot both spend the balance.
        locked = _members_locked([member])[member.pk]
        return _payout_write(
            member=locked,
            amount=amount,
            paid_on=paid_on,
            method=method,
            by=by,
            as_advance=as_advance,
            currency=currency,
            request=request,
        )
