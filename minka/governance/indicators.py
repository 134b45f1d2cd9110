"""Governance figures for the impact page: participation in meetings, the share of
members who ever held a post, and member retention. Counts only, never names."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext

from minka.governance.models import Meeting, PostHolding
from minka.members.models import Group, Member, MemberStatus


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Participation:
    meetings: int
    attendances: int  # member-presences at those meetings
    expected: int  # sum over the meetings of the members active when each was called
    percent: Decimal | None  # attendances / expected, None when no meeting was held


def participation(group: Group, first: date, last: date) -> Participation:
    meetings = Meeting.objects.filter(group=group, held_on__range=(first, last))
    totals = meetings.aggregate(n=Count("id"), expected=Sum("expected"))
    attendances = meetings.aggregate(a=Count("attendance"))["a"]
    expected = totals["expected"] or 0
    return Participation(
        meetings=totals["n"],
        attendances=attendances,
        expected=expected,
        percent=_percent(attendances, expected),
    )


@dataclass(frozen=True)
class LeadershipShare:
    active: int  # active members now
    active_who_led: int  # of them, how many ever held a post
    ever_led: int  # every member, active or not, who ever held a post
    percent: Decimal | None  # active_who_led / active


def ever_held_share(group: Group) -> LeadershipShare:
    leaders = set(PostHolding.objects.filter(term__group=group).values_list("member_id", flat=True))
    active = set(
        Member.objects.filter(group=group, status=MemberStatus.ACTIVE).values_list("id", flat=True)
    )
    led = len(active & leaders)
    return LeadershipShare(
        active=len(active),
        active_who_led=led,
        ever_led=len(leaders),
        percent=_percent(led, len(active)),
    )


@dataclass(frozen=True)
class Retention:
    months: int
    joined: int  # members who joined at least `months` months before today
    retained: int  # of them, how many are active today
    percent: Decimal | None


def retention(group: Group, today: date, marks: tuple[int, ...] = (6, 12)) -> list[Retention]:
    """Of the members who joined at least 6 (12) months ago, how many were still in the
    group 6 (12) months after joining.

    A member who left (status "left") stops counting on her `left_on` date; one who left
    with no date recorded counts as gone from the start. A member who is only inactive is
    still a member. One query, whatever the size of the group."""
    people = list(Member.objects.filter(group=group).values_list("joined_on", "status", "left_on"))
    rows = []
    for months in marks:
        span = timedelta(days=round(months * 30.44))
        cohort = [(j, s, left) for j, s, left in people if j <= today - span]
        retained = sum(
            1
            for joined, status, left in cohort
            if status != MemberStatus.LEFT or (left is not None and left >= joined + span)
        )
        rows.append(
            Retention(
                months=months,
                joined=len(cohort),
                retained=retained,
                percent=_percent(retained, len(cohort)),
            )
        )
    return rows


def impact_context(group: Group, first: date, last: date, today: date) -> dict[str, object]:
    """The context `governance/_impact.html` renders."""
    return {
        "participation": participation(group, first, last),
        "leadership": ever_held_share(group),
        "retention": retention(group, today),
    }


def csv_rows(
    participation: Participation, leadership: LeadershipShare, retention: list[Retention]
) -> list[list[str]]:
    """The figures of impact_context as CSV rows: indicator, value in %, part/whole."""
    p, s = participation, leadership
    rows = [
        [gettext("Indicador"), gettext("Valor (%)"), gettext("De")],
        [gettext("Participación en reuniones"), _text(p.percent), f"{p.attendances}/{p.expected}"],
        [
            gettext("Socias activas que tuvieron un cargo"),
            _text(s.percent),
            f"{s.active_who_led}/{s.active}",
        ],
    ]
    rows += [
        [
            gettext("Siguen activas a los %(m)d meses") % {"m": r.months},
            _text(r.percent),
            f"{r.retained}/{r.joined}",
        ]
        for r in retention
    ]
    return rows


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)
