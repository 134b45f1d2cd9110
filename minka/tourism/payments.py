"""Money when a visit ends: the visitors' payment, the agency's commission, the hosts'
pay and the group's share. The rule, stated once:

1. The visitors (or their agency) pay the full price, price per person x people, into
   the group's cash book, in the booking's currency; a deposit taken before is already
   there, so only the rest comes in at the visit.
2. The agency's commission is its percentage of that total, rounded DOWN to the cent,
   and goes OUT of the cash book to the agency, so the cash book shows both what came
   in and what went out.
3. What is left (in soles: a dollar booking is changed at the rate the treasurer gives)
   is shared: the hosts get the experience's percentage of it rounded DOWN to the cent,
   or the fixed amount per visitor (never more than what is left); the group fund gets
   the rest, so every cent lost by rounding goes to the fund.
4. The hosts' part is shared among the hosts by the visitors each took, with
   split_exact (rounded down, the cents left go one each to the largest remainders):
   hosts + fund + commission = what the visitors paid, always.
5. Cancelled: a visit cancelled `free_cancel_days` or more before its date gets its
   deposit back (out of the cash book); later, the deposit is kept and shared like a
   visit's money (no commission: the agency brought no one), as the hosts had prepared.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from minka.cash.models import CashMethod, Direction
from minka.cash.services import cash_entry_add
from minka.ledger.models import EntryKind
from minka.ledger.services import entry_add
from minka.lib.i18n import record_language
from minka.lib.money import CENT, cents, format_money, split_exact
from minka.sales.services import fund_income
from minka.tourism.models import Booking, BookingStatus, Experience, HostShareMode
from minka.tourism.services import lock_booking

SOURCE = "tourism.booking"


def _record(message: str, **values: object) -> str:
    with record_language():
        return gettext(message) % values


def _floor(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def _check_day(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))


def _to_soles(booking: Booking, amount: Decimal, rate: Decimal | None) -> Decimal:
    if booking.currency == "PEN":
        return amount
    if rate is None or rate <= 0:
        raise ValidationError(_("Escriba el tipo de cambio del día para una reserva en dólares."))
    return cents(amount * rate)


def booking_deposit_take(
    *, booking: Booking, amount: Decimal, method: str, on: date, by: User
) -> Booking:
    """An advance paid before the visit: into the cash book now."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    _check_day(on)
    with transaction.atomic():
        booking = lock_booking(booking)
        if booking.status != BookingStatus.CONFIRMED:
            raise ValidationError(_("Solo se recibe un adelanto de una visita confirmada."))
        if booking.deposit + amount > booking.total:
            raise ValidationError(
                _("El adelanto no puede pasar el total de la visita (%(total)s).")
                % {"total": format_money(booking.total, booking.currency)}
            )
        cash_entry_add(
            group=booking.group,
            direction=Direction.IN,
            method=method,
            amount=amount,
            currency=booking.currency,
            on=on,
            description=_record(gettext_noop("Adelanto de la visita %(n)s"), n=booking.number),
            source_type=SOURCE,
            source_id=booking.pk,
            by=by,
        )
        booking.deposit += amount
        booking.save(update_fields=["deposit"])
    return booking


@dataclass(frozen=True)
class Share:
    hosts_total: Decimal
    host_parts: list[Decimal]  # in the order of the weights
    fund: Decimal


def commission_of(total: Decimal, percent: Decimal) -> Decimal:
    """Rule 2: the agency's percentage of the total, rounded down to the cent."""
    return _floor(total * percent / 100)


def split_share(
    experience: Experience, net_soles: Decimal, people: int, weights: list[int]
) -> Share:
    """Rules 3 and 4, with no database: the hosts' part, each host's, and the fund's."""
    if experience.share_mode == HostShareMode.FIXED:
        hosts_total = min(cents(experience.hosts_fixed_pen * people), net_soles)
    else:
        hosts_total = _floor(net_soles * experience.hosts_percent / 100)
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    parts = (
        split_exact(hosts_total, weights)
        if hosts_total > 0 and weights
        else [Decimal("0")] * len(weights)
    )
    return Share(hosts_total, parts, net_soles - hosts_total)


def host_pay_text(booking: Booking, why: str, visitors: int) -> str:
    return _record(
        gettext_noop("%(why)s %(n)s: %(what)s, %(v)s visitantes"),
        why=why,
        n=booking.number,
        what=booking.experience.name_es,
        v=visitors,
    )


def fund_text(booking: Booking, why: str) -> str:
    return _record(gettext_noop("%(why)s %(n)s: parte del grupo"), why=why, n=booking.number)


def _share(booking: Booking, net_soles: Decimal, people: int, on: date, by: User, why: str) -> None:
    """Pay the hosts through the ledger and the rest to the fund (rules 3 and 4)."""
    hosts = list(booking.hosts.select_related("member").order_by("member__number"))
    if not hosts:
        raise ValidationError(_("La visita no tiene anfitrionas: asígnelas antes de pagar."))
    share = split_share(booking.experience, net_soles, people, [h.visitors for h in hosts])
    for host, part in zip(hosts, share.host_parts, strict=True):
        if part > 0:
            entry_add(
                member=host.member,
                kind=EntryKind.HOST_PAY,
                amount=part,
                entry_date=on,
                description=host_pay_text(booking, why, host.visitors),
                quantity=host.visitors or None,
                source_type=SOURCE,
                source_id=booking.pk,
                by=by,
            )
        host.pay = part
        host.save(update_fields=["pay"])
    if share.fund > 0:
        fund_income(
            group=booking.group,
            amount=share.fund,
            description=fund_text(booking, why),
            on=on,
            by=by,
        )
    booking.hosts_amount = share.hosts_total
    booking.fund_amount = share.fund


def visit_complete(
    *, booking: Booking, method: str, on: date, by: User, exchange_rate: Decimal | None = None
) -> Booking:
    """The visit took place: payment in, commission out, hosts and fund paid."""
    _check_day(on)
    if method not in CashMethod.values:
        raise ValidationError(_("Elija la forma de pago."))
    with transaction.atomic():
        booking = lock_booking(booking)
        if booking.status != BookingStatus.CONFIRMED:
            raise ValidationError(_("Solo se cierra una visita confirmada."))
        if on < booking.visit_date:
            raise ValidationError(
                _("La visita aún no se hizo: ciérrela desde el día de la visita.")
            )
        total = cents(booking.total)
        rest = total - booking.deposit
        if rest > 0:
            cash_entry_add(
                group=booking.group,
                direction=Direction.IN,
                method=method,
                amount=rest,
                currency=booking.currency,
                on=on,
                description=_record(gettext_noop("Pago de la visita %(n)s"), n=booking.number),
                source_type=SOURCE,
                source_id=booking.pk,
                by=by,
            )
        commission = commission_of(total, booking.commission_percent)
        if commission > 0:
            cash_entry_add(
                group=booking.group,
                direction=Direction.OUT,
                method=method,
                amount=commission,
                currency=booking.currency,
                on=on,
                description=_record(
                    gettext_noop("Comisión de %(agency)s, visita %(n)s"),
                    agency=booking.agency_name,
                    n=booking.number,
                ),
                source_type=SOURCE,
                source_id=booking.pk,
                by=by,
            )
        net = _to_soles(booking, total - commission, exchange_rate)
        _share(booking, net, booking.people, on, by, _record(gettext_noop("Visita")))
        booking.status = BookingStatus.DONE
        booking.received = total
        booking.commission = commission
        booking.exchange_rate = exchange_rate if booking.currency != "PEN" else None
        booking.closed_on = on
        booking.decided_by = by
        booking.save()
    return booking


def booking_cancel(
    *,
    booking: Booking,
    reason: str,
    on: date,
    by: User,
    method: str = CashMethod.CASH,
    exchange_rate: Decimal | None = None,
) -> Booking:
    """Cancel by the terms: deposit back if early enough, kept and shared if late."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Escriba el motivo de la cancelación."))
    _check_day(on)
    with transaction.atomic():
        booking = lock_booking(booking)
        if booking.status not in (
            BookingStatus.REQUESTED,
            BookingStatus.PROPOSED,
            BookingStatus.CONFIRMED,
        ):
            raise ValidationError(_("Esta reserva ya está cerrada."))
        if booking.status == BookingStatus.CONFIRMED and booking.deposit > 0:
            early = (booking.visit_date - on).days >= booking.experience.free_cancel_days
            if early:
                cash_entry_add(
                    group=booking.group,
                    direction=Direction.OUT,
                    method=method,
                    amount=booking.deposit,
                    currency=booking.currency,
                    on=on,
                    description=_record(
                        gettext_noop("Devolución del adelanto, visita %(n)s"), n=booking.number
                    ),
                    source_type=SOURCE,
                    source_id=booking.pk,
                    by=by,
                )
                booking.received = Decimal("0")
            else:
                kept = _to_soles(booking, booking.deposit, exchange_rate)
                why = _record(gettext_noop("Cancelada"))
                _share(booking, kept, booking.people, on, by, why)
                booking.received = booking.deposit
                booking.exchange_rate = exchange_rate if booking.currency != "PEN" else None
            booking.commission = Decimal("0")
        booking.status = BookingStatus.CANCELLED
        booking.note = reason[:200]
        booking.closed_on = on
        booking.decided_by = by
        booking.save()
    return booking
