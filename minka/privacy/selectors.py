"""Reads about consent and access that several views and apps share."""

from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from minka.members.models import AccessLogEntry, Group, Member, Organisation
from minka.privacy.models import Consent, Purpose


def consents_in_force(member: Member) -> dict[str, Consent | None]:
    """Her newest decision per purpose; None where she was never asked."""
    newest: dict[str, Consent | None] = {p: None for p in Purpose.values}
    for consent in Consent.objects.filter(member=member).order_by("created_at"):
        newest[consent.purpose] = consent
    return newest


def has_consent(member: Member, purpose: str) -> bool:
    """True only if her newest decision for this purpose is a yes."""
    newest = Consent.objects.filter(member=member, purpose=purpose).order_by("-created_at").first()
    return bool(newest and newest.given)


def members_consenting(members: QuerySet[Member], purpose: str) -> set[object]:
    """The ids of the members whose newest decision for the purpose is a yes (one query)."""
    rows = (
        Consent.objects.filter(member__in=members, purpose=purpose)
        .order_by("member_id", "created_at")
        .values_list("member_id", "given")
    )
    newest: dict[object, bool] = {}
    for member_id, given in rows:
        newest[member_id] = given
    return {member_id for member_id, given in newest.items() if given}


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last, time.max, tzinfo=zone)
    return start, end


def access_log(
    *,
    organisation: Organisation | None = None,
    group: Group | None = None,
    user: User | None = None,
    first: date | None = None,
    last: date | None = None,
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.select_related("user", "group", "member")
    if organisation is not None:
        entries = entries.filter(group__organisation=organisation)
    if group is not None:
        entries = entries.filter(group=group)
    if user is not None:
        entries = entries.filter(user=user)
    if first and last:
        start, end = _day_bounds(first, last)
        entries = entries.filter(created_at__range=(start, end))
    return entries


def seen_by(
    *, organisation: Organisation, user: User, first: date, last: date
) -> list[dict[str, object]]:
    """For a breach report: whose data this login opened in the period, and what.

    One row per member (or per group page without a member), with the kinds of data and
    the first and last time; the organisation reads it within the 48 hours the
    regulation gives to report a breach.
    """
    rows: dict[tuple[object, object], dict[str, object]] = {}
    entries = access_log(organisation=organisation, user=user, first=first, last=last)
    for entry in entries.order_by("created_at"):
        key = (entry.group_id, entry.member_id)
        row = rows.setdefault(
            key,
            {
                "group": entry.group,
                "member": entry.member,
                "actions": [],
                "first": entry.created_at,
                "last": entry.created_at,
                "count": 0,
            },
        )
        label = entry.get_action_display()
        actions = row["actions"]
        assert isinstance(actions, list)
        if label not in actions:
            actions.append(label)
        row["last"] = entry.created_at
        row["count"] = int(str(row["count"])) + 1
    return list(rows.values())
