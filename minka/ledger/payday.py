"""Pay day: who is owed what, what can be handed over in cash, and paying it all at once.

The plan rounds each woman's balance DOWN to the smallest coin in use (10 céntimos
unless the group's server says otherwise, settings.MINKA_SMALLEST_COIN); what is below
it stays on her account for the next pay day, so for every woman paid + left == owed,
to the cent: nothing is lost and nothing invented. The cash needed is counted per
woman (each gets her own envelope), in Peru's notes and coins.

The balances page's batch payment (ticked members, each paid her whole balance) lives
here too: `payouts_settle`, with `payouts_make_many` for given amounts.

Paying from the plan is one action: every payout in one transaction, through the
ledger's own payout write (services._payout_write: her balance checked under her lock,
a receipt number, the ledger entry, the cash book), claimed once by the form's token.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minka.ledger.models import Payout, PayoutRequest
from minka.ledger.selectors import GroupOwed, member_balance, member_balances, owed_of
from minka.ledger.services import (
    _members_locked,
    _payment_checked,
    _payout_write,
    _request_claim,
)
from minka.lib.money import cents, format_money
from minka.members.models import Group, Member

# Peru's notes and coins in use, largest first (the 5 céntimos coin left circulation).
NOTES = tuple(Decimal(v) for v in ("200", "100", "50", "20", "10"))
COINS = tuple(Decimal(v) for v in ("5", "2", "1", "0.50", "0.20", "0.10"))
DENOMINATIONS = NOTES + COINS
SMALLEST_COINS = ("0.10", "0.20", "0.50", "1.00")


def default_coin() -> Decimal:
    return Decimal(settings.MINKA_SMALLEST_COIN)


def round_down(amount: Decimal, coin: Decimal) -> Decimal:
    """The most that can be paid in cash with `coin` as the smallest coin."""
    if amount <= 0:
        return Decimal("0.00")
    whole = (amount / coin).to_integral_value(rounding=ROUND_DOWN)
    return (whole * coin).quantize(Decimal("0.01"))


def notes_and_coins(amount: Decimal) -> dict[Decimal, int]:
    """The fewest notes and coins that make `amount` (a multiple of 10 céntimos)."""
    counts: dict[Decimal, int] = {}
    left = amount
    for value in DENOMINATIONS:
        n = int(left // value)
        if n:
            counts[value] = n
            left -= value * n
    if left != 0:
        raise ValueError(f"{amount} cannot be paid in Peru's notes and coins")
    return counts


@dataclass(frozen=True)
class PlanLine:
    member: Member
    owed: Decimal  # her balance now
    pay: Decimal  # what is handed over in cash today
    left: Decimal  # what stays on her account: owed - pay, below the smallest coin

    @property
    def envelope(self) -> list[tuple[Decimal, int]]:
        return sorted(notes_and_coins(self.pay).items(), reverse=True) if self.pay else []


@dataclass(frozen=True)
class CashPiece:
    value: Decimal
    count: int
    is_note: bool

    @property
    def total(self) -> Decimal:
        return self.value * self.count


@dataclass(frozen=True)
class PayDayPlan:
    coin: Decimal
    lines: list[PlanLine]  # every woman the group owes, by number
    money: GroupOwed  # what the group owes (the one rule, ledger.selectors.owed_of)
    cash: list[CashPiece]  # notes and coins for all the envelopes, largest first

    @property
    def payable(self) -> list[PlanLine]:
        return [line for line in self.lines if line.pay > 0]

    @property
    def to_pay(self) -> Decimal:
        return sum((line.pay for line in self.lines), Decimal("0.00"))

    @property
    def left(self) -> Decimal:
        return sum((line.left for line in self.lines), Decimal("0.00"))


def payday_plan(group: Group, *, coin: Decimal | None = None) -> PayDayPlan:
    """Who is owed what and what she is paid in cash today: one query for the money."""
    coin = coin or default_coin()
    rows = member_balances(group)
    lines = []
    for row in rows:
        if row.balance > 0:
            pay = round_down(row.balance, coin)
            lines.append(PlanLine(row.member, row.balance, pay, row.balance - pay))
    counts: dict[Decimal, int] = {}
    for line in lines:
        for value, n in notes_and_coins(line.pay).items():
            counts[value] = counts.get(value, 0) + n
    cash = [CashPiece(v, counts[v], v in NOTES) for v in DENOMINATIONS if counts.get(v)]
    return PayDayPlan(coin, lines, owed_of(r.balance for r in rows), cash)


def payday_pay(
    *,
    group: Group,
    coin: Decimal,
    seen: Mapping[uuid.UUID, Decimal],
    paid_on: date,
    method: str,
    by: User,
    token: uuid.UUID | None = None,
) -> list[Payout]:
    """Pay every woman of the plan what the treasurer saw on it (`seen`: member id ->
    amount), all or none. If any balance has changed so that her amount today is not the
    one shown, nothing is paid: she never hands over a sum she did not see. Receipts are
    numbered in the order of the members' numbers."""
    if not seen:
        raise ValidationError(_("Nadie tiene un saldo que se pueda pagar en efectivo."))
    for amount in seen.values():
        _payment_checked(amount, paid_on, method)
    with transaction.atomic():
        request = _request_claim(token, by)
        members = list(Member.objects.filter(group=group, pk__in=list(seen)))
        if len(members) != len(seen):
            raise ValidationError(_("Una de las socias de la lista no es de este grupo."))
        locked = _members_locked(members)
        problems = []
        for member in sorted(locked.values(), key=lambda m: m.number):
            now = round_down(member_balance(member), coin)
            if now != seen[member.pk]:
                problems.append(
                    _(
                        "Lo que se paga a %(name)s cambió: ahora es %(amount)s. Vuelva a abrir "
                        "el plan y revíselo."
                    )
                    % {"name": member.full_name, "amount": format_money(now)}
                )
        if problems:
            raise ValidationError(problems)
        return [
            _payout_write(
                member=member,
                amount=seen[member.pk],
                paid_on=paid_on,
                method=method,
                by=by,
                as_advance=False,
                currency="PEN",
                request=request,
            )
            for member in sorted(locked.values(), key=lambda m: m.number)
        ]


# --- several members at once, from the balances page ---------------------------------------


@dataclass(frozen=True)
class PayLine:
    member: Member
    amount: Decimal


def _pay_lines(
    locked: Mapping[uuid.UUID, Member],
    lines: Sequence[PayLine],
    amounts: list[Decimal],
    *,
    paid_on: date,
    method: str,
    by: User,
    request: PayoutRequest | None,
) -> list[Payout]:
    """Write one payout per line, in the lines' order (their receipts' numbers)."""
    return [
        _payout_write(
            member=locked[line.member.pk],
            amount=amount,
            paid_on=paid_on,
            method=method,
            by=by,
            as_advance=False,
            currency="PEN",
            request=request,
        )
        for line, amount in zip(lines, amounts, strict=True)
    ]


def payouts_make_many(
    *,
    lines: Sequence[PayLine],
    paid_on: date,
    method: str,
    by: User,
    token: uuid.UUID | None = None,
) -> list[Payout]:
    """Pay several members at once: all are paid, or (on any refusal) none is.

    Receipts are numbered in the order of the lines; the rows are locked by id."""
    if not lines:
        raise ValidationError(_("Elija al menos una socia."))
    amounts = [_payment_checked(line.amount, paid_on, method) for line in lines]
    with transaction.atomic():
        request = _request_claim(token, by)
        locked = _members_locked([line.member for line in lines])
        return _pay_lines(
            locked, lines, amounts, paid_on=paid_on, method=method, by=by, request=request
        )


def payouts_settle(
    *,
    lines: Sequence[PayLine],
    paid_on: date,
    method: str,
    by: User,
    token: uuid.UUID | None = None,
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
        request = _request_claim(token, by)
        locked = _members_locked([line.member for line in lines])
        problems: list[str] = []
        for line in lines:
            member = locked[line.member.pk]
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
        amounts = [_payment_checked(line.amount, paid_on, method) for line in lines]
        return _pay_lines(
            locked, lines, amounts, paid_on=paid_on, method=method, by=by, request=request
        )
