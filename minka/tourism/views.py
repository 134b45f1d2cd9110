"""Tourism pages of the group: experiences, hosts, bookings. Views authorise, parse a
form, call one service, render. The public pages are in public.py."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest, flash_form_errors, flash_refusal
from minka.members.access import Access, Can, group_access, member_for
from minka.members.audit import access_record_view
from minka.members.models import Action, Member
from minka.tourism import payments, selectors, services
from minka.tourism.forms import (
    CloseForm,
    DepositForm,
    DirectBookingForm,
    ExperienceForm,
    HostProfileForm,
    HostsForm,
    MemberPickForm,
    PhotoForm,
    ProposeForm,
    ReasonForm,
)
from minka.tourism.models import Booking, BookingStatus, Experience, HostProfile
from minka.tourism.rotation import propose_hosts


def _require_money(access: Access) -> None:
    if not (access.can_manage or access.can_pay):
        raise PermissionDenied


@login_required
def tourism_home(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    group = access.group
    bookings = Booking.objects.filter(group=group).select_related("experience")
    today = timezone.localdate()
    return render(
        request,
        "tourism/home.html",
        {
            "access": access,
            "experiences": Experience.objects.filter(group=group),
            "waiting": bookings.filter(
                status__in=[BookingStatus.REQUESTED, BookingStatus.PROPOSED]
            ),
            "coming": bookings.filter(status=BookingStatus.CONFIRMED),
            "closed": bookings.exclude(
                status__in=[
                    BookingStatus.REQUESTED,
                    BookingStatus.PROPOSED,
                    BookingStatus.CONFIRMED,
                ]
            ).order_by("-visit_date")[:20],
            "hosts": HostProfile.objects.filter(member__group=group).select_related("member"),
            "members": Member.objects.filter(group=group),
            "today": today,
        },
    )


@login_required
def experience_edit(
    request: AuthedHttpRequest, group_id: uuid.UUID, experience_id: uuid.UUID | None = None
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    experience = (
        get_object_or_404(Experience, group=access.group, id=experience_id)
        if experience_id
        else Experience(group=access.group)
    )
    form = ExperienceForm(request.POST or None, instance=experience)
    if request.method == "POST" and form.is_valid():
        try:
            services.experience_save(experience=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Visita guardada."))
            return redirect("tourism_home", group_id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Visita que ofrece el grupo")},
    )


@login_required
def experience_photo(
    request: AuthedHttpRequest, group_id: uuid.UUID, experience_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    experience = get_object_or_404(Experience, group=access.group, id=experience_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.experience_photo_add(
                experience=experience,
                upload=d["photo"],
                caption_es=d["caption_es"],
                caption_en=d["caption_en"],
            )
        except ValidationError as exc:
            form.add_error("photo", exc)
        else:
            messages.success(request, _("Foto guardada."))
            return redirect("tourism_home", group_id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Foto de: %(e)s") % {"e": experience}},
    )


@login_required
def host_pick(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The member chosen in the list on the tourism page: open her host form."""
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = MemberPickForm(request.GET, group=access.group)
    if not form.is_valid():
        raise Http404
    return redirect("host_profile_edit", group_id, form.cleaned_data["member"].id)


@login_required
def host_profile_edit(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = get_object_or_404(Member, group=access.group, id=member_id)
    profile = HostProfile.objects.filter(member=member).first()
    form = HostProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.host_profile_save(
            member=member,
            beds=d["beds"],
            home_description=d["home_description"],
            story=d["story"],
            public_consent=d["public_consent"],
        )
        access_record_view(
            request,
            group=access.group,
            action=Action.EDIT_MEMBER,
            member=member,
            detail="anfitriona",
        )
        messages.success(request, _("Anfitriona guardada."))
        return redirect("tourism_home", group_id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Anfitriona: %(m)s") % {"m": member}},
    )


@login_required
def booking_direct(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = DirectBookingForm(request.POST or None, group=access.group)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            booking = services.booking_direct(
                experience=d["experience"],
                visit_date=d["visit_date"],
                people=d["people"],
                currency=d["currency"],
                visitor_name=d["visitor_name"],
                visitor_contact=d["visitor_contact"],
                channel=d["channel"],
                agency_name=d["agency_name"],
                commission_percent=d["commission_percent"] or Decimal("0"),
                by=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Reserva %(n)s confirmada.") % {"n": booking.number})
            return redirect("booking_detail", group_id, booking.id)
    return render(
        request, "form_page.html", {"access": access, "form": form, "title": _("Reserva directa")}
    )


def _booking(access: Access, booking_id: uuid.UUID) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("experience"), group=access.group, id=booking_id
    )


@login_required
def booking_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, booking_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    booking = _booking(access, booking_id)
    proposal = None
    if booking.status in (BookingStatus.REQUESTED, BookingStatus.PROPOSED, BookingStatus.CONFIRMED):
        proposal = propose_hosts(booking.people, selectors.host_candidates(booking))
    hosts = list(booking.hosts.select_related("member"))
    return render(
        request,
        "tourism/booking.html",
        {
            "access": access,
            "booking": booking,
            "proposal": proposal,
            "hosts": hosts,
            "changes": booking.host_changes.all(),
            "hosts_form": HostsForm(
                group=access.group,
                initial={
                    "hosts": [h.member_id for h in hosts]
                    or (proposal.member_ids if proposal else [])
                },
            ),
            "propose_form": ProposeForm(),
            "reason_form": ReasonForm(),
            "deposit_form": DepositForm(),
            "close_form": CloseForm(),
            "can_money": access.can_manage or access.can_pay,
        },
    )


@dataclass(frozen=True)
class _Action:
    """One decision on a booking: who may take it, its form, the one service it calls
    (with the booking, the form's data, who and today) and what to say when done."""

    money: bool  # the treasurer may take it too
    form: Callable[[AuthedHttpRequest, Access], Form]
    call: Callable[[Booking, dict[str, Any], User, date], object]
    done: str | Promise


def _hosts_form(request: AuthedHttpRequest, access: Access) -> Form:
    return HostsForm(request.POST, group=access.group)


ACTIONS: dict[str, _Action] = {
    "confirm": _Action(
        money=False,
        form=_hosts_form,
        call=lambda b, d, by, today: services.booking_confirm(
            booking=b, by=by, today=today, hosts=list(d["hosts"]) or None, reason=d["reason"]
        ),
        done=gettext_lazy("Reserva confirmada."),
    ),
    "hosts": _Action(
        money=False,
        form=_hosts_form,
        call=lambda b, d, by, today: services.booking_hosts_change(
            booking=b, hosts=list(d["hosts"]), reason=d["reason"], by=by
        ),
        done=gettext_lazy("Anfitrionas cambiadas."),
    ),
    "propose": _Action(
        money=False,
        form=lambda request, access: ProposeForm(request.POST),
        call=lambda b, d, by, today: services.booking_propose_date(
            booking=b, new_date=d["new_date"], note=d["note"], by=by, today=today
        ),
        done=gettext_lazy("Otra fecha propuesta."),
    ),
    "decline": _Action(
        money=False,
        form=lambda request, access: ReasonForm(request.POST),
        call=lambda b, d, by, today: services.booking_decline(
            booking=b, reason=d["reason"], by=by, today=today
        ),
        done=gettext_lazy("Reserva rechazada."),
    ),
    "deposit": _Action(
        money=True,
        form=lambda request, access: DepositForm(request.POST),
        call=lambda b, d, by, today: payments.booking_deposit_take(
            booking=b, amount=d["amount"], method=d["method"], on=d["on"], by=by
        ),
        done=gettext_lazy("Adelanto registrado en la caja."),
    ),
    "complete": _Action(
        money=True,
        form=lambda request, access: CloseForm(request.POST),
        call=lambda b, d, by, today: payments.visit_complete(
            booking=b, method=d["method"], on=d["on"], by=by, exchange_rate=d["exchange_rate"]
        ),
        done=gettext_lazy("Visita cerrada y pagada."),
    ),
    "cancel": _Action(
        money=True,
        form=lambda request, access: CloseForm(request.POST),
        call=lambda b, d, by, today: payments.booking_cancel(
            booking=b,
            reason=d["reason"],
            on=d["on"],
            by=by,
            method=d["method"],
            exchange_rate=d["exchange_rate"],
        ),
        done=gettext_lazy("Reserva cancelada."),
    ),
}


@login_required
@require_POST
def booking_action(
    request: AuthedHttpRequest, group_id: uuid.UUID, booking_id: uuid.UUID, action: str
) -> HttpResponse:
    """Every decision on a booking posts here; each action is one service call."""
    access = group_access(request.user, group_id)
    booking = _booking(access, booking_id)
    found = ACTIONS.get(action)
    if found is None:
        raise PermissionDenied
    if found.money:
        _require_money(access)
    else:
        access.require(Can.MANAGE)
    form = found.form(request, access)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("booking_detail", group_id, booking_id)
    try:
        found.call(booking, form.cleaned_data, request.user, timezone.localdate())
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, str(found.done))
    return redirect("booking_detail", group_id, booking_id)


@login_required
def host_visits(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    """A host's own visits and pay: for her, and for the group's coordinator."""
    access = group_access(request.user, group_id)
    member = member_for(access, member_id)
    access_record_view(
        request, group=access.group, action=Action.VIEW_STATEMENT, member=member, detail="visitas"
    )
    return render(
        request,
        "tourism/host_visits.html",
        {"access": access, "member": member, "host_visits": selectors.host_visits(member)},
    )
