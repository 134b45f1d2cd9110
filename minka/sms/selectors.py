"""Reads shared by the SMS page, the worker and the benchmark."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from minka.lib.money import cents
from minka.members.models import Group, Member, MemberStatus
from minka.privacy.models import Consent, Purpose
from minka.privacy.selectors import has_consent
from minka.sms import phones
from minka.sms.models import GroupSmsSettings, Outgoing, Status


def with_consent(members: QuerySet[Member]) -> QuerySet[Member]:
    """Members annotated with `sms_given` (her latest consent row; None: never asked)."""
    latest = Consent.objects.filter(member=OuterRef("pk"), purpose=Purpose.SMS).order_by(
        "-created_at", "-id"
    )
    return members.annotate(sms_given=Subquery(latest.values("given")[:1]))


def consent_given(member: Member) -> bool:
    return has_consent(member, Purpose.SMS)


def members_by_phone() -> dict[str, list[Member]]:
    """Active members who agreed to SMS, by their normalised mobile number (a shared
    phone lists several)."""
    found: dict[str, list[Member]] = defaultdict(list)
    members = with_consent(
        Member.objects.filter(status=MemberStatus.ACTIVE).exclude(phone="")
    ).select_related("group")
    for member in members:
        number = phones.normalise(member.phone)
        if number and member.sms_given:  # type: ignore[attr-defined]  # annotated by with_consent
            found[number].append(member)
    return found


def known_phones() -> set[str]:
    """Every normalised phone on an active member's record, consent or not."""
    members = Member.objects.filter(status=MemberStatus.ACTIVE).exclude(phone="")
    return {n for n in (phones.normalise(p) for p in members.values_list("phone", flat=True)) if n}


def group_settings(group: Group) -> GroupSmsSettings:
    found = GroupSmsSettings.objects.filter(group=group).first()
    return found or GroupSmsSettings(group=group)


@dataclass(frozen=True)
class MonthUsage:
    month: date
    messages: int
    segments: int
    cost: Decimal


def monthly_usage(group: Group, months: int = 12) -> list[MonthUsage]:
    """Messages sent for the group and what they cost, by month, newest first."""
    price = group_settings(group).cost_per_segment
    since = timezone.now() - timedelta(days=31 * months)
    rows = (
        Outgoing.objects.filter(group=group, status=Status.SENT, sent_at__gte=since)
        .annotate(month=TruncMonth("sent_at"))
        .values("month")
        .annotate(messages=Count("id"), segments=Sum("segments"))
        .order_by("-month")
    )
    out = []
    for row in rows:
        month = row["month"]
        day = month.date() if isinstance(month, datetime) else month
        segs = int(row["segments"] or 0)
        out.append(MonthUsage(day, int(row["messages"]), segs, cents(price * segs)))
    return out


def waiting_long(group: Group | None = None, minutes: int = 15) -> QuerySet[Outgoing]:
    """Handed to gammu-smsd a while ago and not reported sent: the modem or daemon is down."""
    qs = Outgoing.objects.filter(
        status=Status.SPOOLED, spooled_at__lt=timezone.now() - timedelta(minutes=minutes)
    )
    return qs.filter(group=group) if group is not None else qs
