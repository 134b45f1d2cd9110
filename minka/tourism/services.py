"""Writes for community tourism: what the group offers, its hosts, and bookings from
request to confirmation. Money when a visit ends is in payments.py.

Each function validates, writes in one transaction and returns; a refusal raises
ValidationError with a message for the user and changes nothing."""

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.lib.images import photo_clean
from minka.lib.money import CURRENCIES, cents
from minka.members.models import Group, Member
from minka.members.models import Sequence as NumberSequence
from minka.tourism import selectors
from minka.tourism.models import (
    FORGET_AFTER_DAYS,
    Booking,
    BookingStatus,
    Channel,
    Experience,
    ExperiencePhoto,
    HostAssignment,
    HostChange,
    HostProfile,
    HostShareMode,
)
from minka.tourism.rotation import propose_hosts, share_visitors

REQUESTS_PER_HOUR = 5  # from one address, on the public page


# --- what the group offers -----------------------------------------------------------------


def experience_save(*, experience: Experience) -> Experience:
    """Save an experience built from the form, after the checks no form can make."""
    if not experience.name_es.strip():
        raise ValidationError(_("Escriba el nombre en castellano."))
    for price in (experience.price_pen, experience.price_usd):
        if price is None or price <= 0:
            raise ValidationError(_("El precio por persona debe ser mayor que cero."))
    days = sorted({int(d) for d in experience.days or []})
    if not days or any(d < 0 or d > 6 for d in days):
        raise ValidationError(_("Marque al menos un día en que se ofrece."))
    experience.days = days
    if experience.capacity < 1:
        raise ValidationError(_("La capacidad debe ser de al menos una persona."))
    if experience.is_homestay and experience.nights < 1:
        raise ValidationError(_("Una estadía en casa es de al menos una noche."))
    if not experience.is_homestay:
        experience.nights = 0
    if experience.share_mode == HostShareMode.FIXED and (
        experience.hosts_fixed_pen > experience.price_pen
    ):
        raise ValidationError(
            _("El monto fijo para las anfitrionas no puede pasar el precio por persona.")
        )
    if experience.technique_id is None:
        experience.min_level = 1
    with transaction.atomic():
        experience.save()
    return experience


def experience_photo_add(
    *, experience: Experience, upload: UploadedFile, caption_es: str = "", caption_en: str = ""
) -> ExperiencePhoto:
    """A photo checked by its content and re-encoded; anything else is refused."""
    image = photo_clean(upload)
    with transaction.atomic():
        return ExperiencePhoto.objects.create(
            experience=experience,
            image=image,
            caption_es=caption_es.strip()[:200],
            caption_en=caption_en.strip()[:200],
        )


def host_profile_save(
    *, member: Member, beds: int, home_description: str, story: str, public_consent: bool
) -> HostProfile:
    if beds < 0 or beds > 20:
        raise ValidationError(_("Escriba las camas con un número de 0 a 20."))
    with transaction.atomic():
        profile, _created = HostProfile.objects.select_for_update().get_or_create(member=member)
        profile.beds = beds
        profile.home_description = home_description.strip()[:200]
        profile.story = story.strip()
        profile.public_consent = public_consent
        profile.save()
    return profile


# --- bookings --------------------------------------------------------------------------------


def requester_key(address: str) -> str:
    """The rate limit counts requests by a keyed hash of the address, never the address."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _check_bookable(
    experience: Experience, day: date, people: int, today: date, exclude: Booking | None = None
) -> None:
    if not experience.active:
        raise ValidationError(_("Esta visita ya no se ofrece."))
    if day < today:
        raise ValidationError(_("La fecha ya pasó; elija una fecha desde hoy."))
    if not experience.offered_on(day):
        raise ValidationError(
            _("Esta visita no se ofrece ese día. Se ofrece: %(days)s.")
            % {"days": experience.day_names()}
        )
    if people < 1:
        raise ValidationError(_("El grupo debe ser de al menos una persona."))
    free = experience.capacity - selectors.booked_people(experience, day, exclude=exclude)
    if people > free:
        raise ValidationError(
            _("Ese día quedan %(free)s lugares de %(capacity)s; pidió %(people)s.")
            % {"free": max(free, 0), "capacity": experience.capacity, "people": people}
        )


def _new_booking(
    experience: Experience,
    *,
    status: str,
    channel: str,
    visit_date: date,
    people: int,
    currency: str,
    visitor_name: str,
    visitor_contact: str,
    message: str = "",
    agency_name: str = "",
    commission_percent: Decimal = Decimal("0"),
    key: str = "",
    by: User | None = None,
) -> Booking:
    if currency not in dict(CURRENCIES):
        raise ValidationError(_("Moneda desconocida."))
    if commission_percent < 0 or commission_percent > 50:
        raise ValidationError(_("La comisión de la agencia va de 0 a 50 %."))
    if commission_percent > 0 and not agency_name.strip():
        raise ValidationError(_("Escriba el nombre de la agencia que cobra la comisión."))
    price = experience.price(currency)
    if price <= 0:
        raise ValidationError(_("El precio por persona debe ser mayor que cero."))
    booking = Booking(
        group_id=experience.group_id,
        experience=experience,
        number=NumberSequence.next_number(experience.group, "booking", "V"),
        status=status,
        channel=channel,
        visit_date=visit_date,
        people=people,
        nights=experience.nights,
        currency=currency,
        price_per_person=price,
        visitor_name=visitor_name.strip()[:120],
        visitor_contact=visitor_contact.strip()[:120],
        message=message.strip()[:2000],
        agency_name=agency_name.strip()[:120],
        commission_percent=cents(Decimal(commission_percent)),
        requester_key=key,
        decided_by=by,
    )
    booking.forget_on = booking.last_day + timedelta(days=FORGET_AFTER_DAYS)
    booking.save()
    return booking


def booking_request(
    *,
    experience: Experience,
    visit_date: date,
    people: int,
    currency: str,
    visitor_name: str,
    visitor_contact: str,
    message: str,
    address: str,
    today: date,
) -> Booking:
    """A visitor or an agency asks on the public page; the coordinator decides."""
    if not experience.public:
        raise ValidationError(_("Esta visita no se ofrece en la página pública."))
    if not visitor_name.strip() or not visitor_contact.strip():
        raise ValidationError(_("Escriba su nombre y un teléfono o correo para responderle."))
    key = requester_key(address)
    since = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        recent = Booking.objects.filter(requester_key=key, created_at__gte=since).count()
        if recent >= REQUESTS_PER_HOUR:
            raise ValidationError(
                _("Recibimos varias solicitudes suyas en la última hora. Intente más tarde.")
            )
        _check_bookable(experience, visit_date, people, today)
        booking = _new_booking(
            experience,
            status=BookingStatus.REQUESTED,
            channel=Channel.WEB,
            visit_date=visit_date,
            people=people,
            currency=currency,
            visitor_name=visitor_name,
            visitor_contact=visitor_contact,
            message=message,
            key=key,
        )
        bookings_forget(today=today)  # on the way: old visitors' data goes as new come
    return booking


def booking_direct(
    *,
    experience: Experience,
    visit_date: date,
    people: int,
    currency: str,
    visitor_name: str,
    visitor_contact: str,
    channel: str,
    agency_name: str,
    commission_percent: Decimal,
    by: User,
    today: date,
    hosts: Sequence[Member] | None = None,
    reason: str = "",
) -> Booking:
    """The agency calls, or a visitor comes by: booked and confirmed at once, with hosts."""
    if channel not in (Channel.DIRECT, Channel.AGENCY):
        raise ValidationError(_("Elija por dónde llegó la reserva."))
    with transaction.atomic():
        _check_bookable(experience, visit_date, people, today)
        booking = _new_booking(
            experience,
            status=BookingStatus.REQUESTED,
            channel=channel,
            visit_date=visit_date,
            people=people,
            currency=currency,
            visitor_name=visitor_name,
            visitor_contact=visitor_contact,
            agency_name=agency_name,
            commission_percent=commission_percent,
            by=by,
        )
        return booking_confirm(booking=booking, by=by, today=today, hosts=hosts, reason=reason)


def lock_booking(booking: Booking) -> Booking:
    Group.objects.select_for_update().get(pk=booking.group_id)  # one booking change at a time
    return Booking.objects.select_related("experience__group").get(pk=booking.pk)


def booking_confirm(
    *,
    booking: Booking,
    by: User,
    today: date,
    hosts: Sequence[Member] | None = None,
    reason: str = "",
) -> Booking:
    """Confirm on the date asked (or the date proposed), with the hosts Minka proposes or
    the ones the coordinator chose, with her reason."""
    with transaction.atomic():
        booking = lock_booking(booking)
        if not booking.is_open:
            raise ValidationError(_("Esta reserva ya no espera respuesta."))
        if booking.status == BookingStatus.PROPOSED and booking.proposed_date:
            booking.visit_date = booking.proposed_date
            booking.forget_on = booking.last_day + timedelta(days=FORGET_AFTER_DAYS)
        _check_bookable(booking.experience, booking.visit_date, booking.people, today, booking)
        booking.status = BookingStatus.CONFIRMED
        booking.proposed_date = None
        booking.decided_by = by
        booking.save()
        _set_hosts(booking, hosts, reason, by)
    return booking


def booking_hosts_change(
    *, booking: Booking, hosts: Sequence[Member], reason: str, by: User
) -> Booking:
    with transaction.atomic():
        booking = lock_booking(booking)
        if booking.status != BookingStatus.CONFIRMED:
            raise ValidationError(_("Solo se cambian las anfitrionas de una visita confirmada."))
        if not reason.strip():
            raise ValidationError(_("Escriba el motivo del cambio de anfitrionas."))
        _set_hosts(booking, hosts, reason, by)
    return booking


def _set_hosts(booking: Booking, hosts: Sequence[Member] | None, reason: str, by: User) -> None:
    candidates = selectors.host_candidates(booking)
    proposal = propose_hosts(booking.people, candidates)
    by_id = {c.member_id: c for c in candidates}
    if hosts is None:
        picks = proposal.picks
    elif not hosts:
        raise ValidationError(_("Elija al menos una anfitriona: una visita no va sin anfitriona."))
    else:
        chosen = []
        for member in hosts:
            if member.pk not in by_id:
                raise ValidationError(
                    _("%(name)s no puede recibir esta visita (técnica o casa registrada).")
                    % {"name": member.full_name}
                )
            chosen.append(by_id[member.pk])
        picks = share_visitors(booking.people, chosen)
    if not picks:
        raise ValidationError(
            _("No hay anfitriona libre para esa fecha. Elija otra fecha o registre anfitrionas.")
        )
    clash = selectors.clashes(
        [p.candidate.member_id for p in picks], booking.visit_date, booking.last_day, booking
    ).first()
    if clash is not None:
        raise ValidationError(
            _("%(name)s ya recibe la visita %(number)s el %(day)s.")
            % {
                "name": clash.member.full_name,
                "number": clash.booking.number,
                "day": clash.first_day.strftime("%d/%m/%Y"),
            }
        )
    room = sum(p.candidate.room for p in picks)
    if booking.experience.is_homestay and room < booking.people:
        raise ValidationError(
            _("Las casas elegidas tienen %(beds)s camas para %(people)s personas.")
            % {"beds": room, "people": booking.people}
        )
    chosen_ids = [p.candidate.member_id for p in picks]
    if hosts is not None and set(chosen_ids) != set(proposal.member_ids):
        reason = reason.strip()
        if not reason:
            raise ValidationError(_("Escriba por qué cambia las anfitrionas que Minka propuso."))
        HostChange.objects.create(
            booking=booking,
            proposed_names=", ".join(p.candidate.name for p in proposal.picks)[:400],
            chosen_names=", ".join(p.candidate.name for p in picks)[:400],
            reason=reason[:200],
            by=by,
        )
        booking.hosts_reason = reason[:200]
        booking.save(update_fields=["hosts_reason"])
    HostAssignment.objects.filter(booking=booking).delete()
    HostAssignment.objects.bulk_create(
        HostAssignment(
            booking=booking,
            member_id=p.candidate.member_id,
            visitors=p.visitors,
            first_day=booking.visit_date,
            last_day=booking.last_day,
            proposed=p.candidate.member_id in proposal.member_ids,
        )
        for p in picks
    )


def booking_propose_date(
    *, booking: Booking, new_date: date, note: str, by: User, today: date
) -> Booking:
    """Offer the visitor another date; confirming later books that date."""
    with transaction.atomic():
        booking = lock_booking(booking)
        if not booking.is_open:
            raise ValidationError(_("Esta reserva ya no espera respuesta."))
        if new_date == booking.visit_date:
            raise ValidationError(_("Proponga una fecha distinta de la pedida."))
        _check_bookable(booking.experience, new_date, booking.people, today, booking)
        booking.status = BookingStatus.PROPOSED
        booking.proposed_date = new_date
        booking.note = note.strip()[:200]
        booking.decided_by = by
        booking.forget_on = max(booking.forget_on, new_date + timedelta(days=FORGET_AFTER_DAYS))
        booking.save()
    return booking


def booking_decline(*, booking: Booking, reason: str, by: User, today: date) -> Booking:
    with transaction.atomic():
        booking = lock_booking(booking)
        if not booking.is_open:
            raise ValidationError(_("Esta reserva ya no espera respuesta."))
        booking.status = BookingStatus.DECLINED
        booking.note = reason.strip()[:200]
        booking.decided_by = by
        # Nothing more to answer: her data goes sooner.
        booking.forget_on = min(booking.forget_on, today + timedelta(days=FORGET_AFTER_DAYS))
        booking.save()
    return booking


def bookings_forget(*, today: date) -> int:
    """Blank the visitor's name, contact and message once `forget_on` has passed. The
    counts (date, people, money) stay for the group's figures."""
    return Booking.objects.filter(forgotten=False, forget_on__lt=today).tracked_update(
        visitor_name="", visitor_contact="", message="", requester_key="", forgotten=True
    )
