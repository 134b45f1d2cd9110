"""Reads that several tourism pages and services share."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from minka.members.models import Group, Member, MemberStatus, Skill
from minka.tourism.models import (
    Booking,
    BookingStatus,
    Experience,
    HostAssignment,
    HostProfile,
)
from minka.tourism.rotation import HostCandidate

LATELY_DAYS = 365
HOLDING = (BookingStatus.CONFIRMED, BookingStatus.DONE)  # bookings that take a host's day


def able_hosts(experience: Experience) -> QuerySet[Member]:
    """Active members of the group able to host it: by skill, and for a home stay, with
    her home registered with beds."""
    members = Member.objects.filter(group_id=experience.group_id, status=MemberStatus.ACTIVE)
    if experience.technique_id:
        skilled = Skill.objects.filter(
            technique_id=experience.technique_id, level__gte=experience.min_level
        ).values("member_id")
        members = members.filter(id__in=skilled)
    if experience.is_homestay:
        members = members.filter(host_profile__beds__gt=0)
    return members.select_related("host_profile").order_by("number")


def clashes(
    member_ids: Sequence[object], first: date, last: date, exclude: Booking | None = None
) -> QuerySet[HostAssignment]:
    """Assignments of these members on any of these days in a confirmed or done visit."""
    found = HostAssignment.objects.filter(
        member_id__in=member_ids,
        booking__status__in=HOLDING,
        first_day__lte=last,
        last_day__gte=first,
    )
    if exclude is not None:
        found = found.exclude(booking=exclude)
    return found.select_related("member", "booking")


def host_candidates(booking: Booking) -> list[HostCandidate]:
    """Everyone able to host this booking's experience, with her level: four queries."""
    experience = booking.experience
    members = list(able_hosts(experience))
    ids = [m.pk for m in members]
    busy = set(
        clashes(ids, booking.visit_date, booking.last_day, exclude=booking).values_list(
            "member_id", flat=True
        )
    )
    since = booking.visit_date - timedelta(days=LATELY_DAYS)
    levels = {
        row["member_id"]: (row["n"], row["last"])
        for row in HostAssignment.objects.filter(
            member_id__in=ids, booking__status__in=HOLDING, first_day__gte=since
        )
        .exclude(booking=booking)
        .values("member_id")
        .annotate(n=Count("id"), last=Max("first_day"))
        .order_by()
    }
    result = []
    for m in members:
        profile: HostProfile | None = getattr(m, "host_profile", None)
        room = (
            (profile.beds if profile else 0)
            if experience.is_homestay
            else experience.visitors_per_host
        )
        hosted, last = levels.get(m.pk, (0, None))
        result.append(
            HostCandidate(
                member_id=m.pk,
                number=m.number,
                name=m.full_name,
                room=room,
                hosted_lately=hosted,
                last_hosted=last,
                busy=m.pk in busy,
            )
        )
    return result


def booked_people(experience: Experience, day: date, exclude: Booking | None = None) -> int:
    """Visitors already confirmed for this experience on this day."""
    found = Booking.objects.filter(
        experience=experience, visit_date=day, status=BookingStatus.CONFIRMED
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return int(found.aggregate(n=Sum("people"))["n"] or 0)


def public_experiences(group: Group) -> QuerySet[Experience]:
    return (
        Experience.objects.filter(group=group, public=True, active=True)
        .prefetch_related("photos")
        .order_by("kind", "name_es")
    )


def public_hosts(experience: Experience) -> list[Member]:
    """The hosts a visitor may read about: only those whose consent is recorded."""
    return list(able_hosts(experience).filter(host_profile__public_consent=True))


@dataclass(frozen=True)
class HostVisit:
    booking: Booking
    visitors: int
    pay: Decimal | None


def host_visits(member: Member) -> list[HostVisit]:
    """Her visits, coming and done, with her pay for each: one query."""
    rows = (
        HostAssignment.objects.filter(member=member)
        .filter(
            Q(booking__status__in=HOLDING)
            | Q(booking__status=BookingStatus.CANCELLED, pay__isnull=False)
        )
        .select_related("booking__experience")
        .order_by("-first_day")
    )
    return [HostVisit(a.booking, a.visitors, a.pay) for a in rows]
