"""Reads for a member's start page: the next meeting and the next pay day of her group."""

from datetime import date

from django.utils import timezone

from minka.governance.models import Meeting
from minka.members.models import Group
from minka.portal.models import PayDay


def next_meeting(group: Group, today: date | None = None) -> Meeting | None:
    """The group's first meeting dated today or later (a coordinator records a meeting
    ahead of time, with its date)."""
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(group=group, held_on__gte=today)
        .order_by("held_on", "created_at")
        .first()
    )


def next_pay_day(group: Group, today: date | None = None) -> date | None:
    """The pay day the treasurer announced, while it is still ahead."""
    today = today or timezone.localdate()
    found = PayDay.objects.filter(group=group, next_on__gte=today).first()
    return found.next_on if found else None
