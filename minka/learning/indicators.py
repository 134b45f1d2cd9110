"""Learning figures for the impact page and donor reports.

Only counts leave this module, never names: a sensitive training (rights, violence,
reproductive health) is counted like any other, and reported under its kind only.

On central, the attendance of a sensitive training is not here: only its counts per
session (SensitiveCount) came by sync. They are added to the rows: members present times
the session's hours, guests, and the women each such training reached (counted once per
training: central cannot tell that two sensitive trainings reached the same woman, and
that is the point).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext

from minka.learning.models import Attendance, SensitiveCount, TrainingKind, TrainingSession
from minka.members.models import Group, Member, MemberStatus


@dataclass(frozen=True)
class TrainedByKind:
    kind: str
    label: str
    women: int  # distinct members who attended at least one session of this kind
    guests: int  # guest attendances (husbands, daughters), counted apart
    hours: Decimal  # member-hours of training of this kind


@dataclass(frozen=True)
class TrainingFigures:
    first: date
    last: date
    by_kind: list[TrainedByKind]
    women_trained: int  # distinct members trained in the period, any kind
    member_hours: Decimal  # sum over members of the hours of the sessions they attended
    active_members: int
    hours_per_member: Decimal  # member_hours / active members (0 if none)


@dataclass(frozen=True)
class _Counted:
    """What the sensitive sessions' counts add, per kind of topic."""

    women: dict[str, int]
    guests: dict[str, int]
    hours: dict[str, Decimal]
    sessions: set[object]


def _counted(group: Group, first: date, last: date) -> _Counted:
    sessions = {
        s.pk: s
        for s in TrainingSession.objects.filter(
            training__group=group, held_on__range=(first, last)
        ).select_related("training")
    }
    out = _Counted({}, {}, {}, set())
    for count in SensitiveCount.objects.filter(group_id=group.pk, session_id__in=sessions):
        session = sessions[count.session_id]
        kind = session.training.kind
        out.sessions.add(count.session_id)
        out.women[kind] = out.women.get(kind, 0) + count.newcomers
        out.guests[kind] = out.guests.get(kind, 0) + count.guests
        out.hours[kind] = out.hours.get(kind, Decimal(0)) + session.hours * count.members
    return out


def training_figures(group: Group, first: date, last: date) -> TrainingFigures:
    """Women trained by kind of topic in [first, last], training hours per member."""
    counted = _counted(group, first, last)
    attendance = Attendance.objects.filter(
        session__training__group=group, session__held_on__range=(first, last)
    ).exclude(session_id__in=counted.sessions)
    members = attendance.filter(member__isnull=False)
    rows = {
        r["session__training__kind"]: r
        for r in members.values("session__training__kind").annotate(
            women=Count("member", distinct=True), hours=Sum("session__hours")
        )
    }
    guests = dict(
        attendance.filter(member__isnull=True)
        .values_list("session__training__kind")
        .annotate(n=Count("id"))
    )

    def hours_of(kind: str) -> Decimal:
        found = Decimal(rows.get(kind, {}).get("hours") or 0) + counted.hours.get(kind, 0)
        return found.quantize(Decimal("0.1"))

    by_kind = [
        TrainedByKind(
            kind=kind,
            label=str(label),
            women=rows.get(kind, {}).get("women", 0) + counted.women.get(kind, 0),
            guests=guests.get(kind, 0) + counted.guests.get(kind, 0),
            hours=hours_of(kind),
        )
        for kind, label in TrainingKind.choices
    ]
    member_hours = (
        Decimal(members.aggregate(h=Sum("session__hours"))["h"] or 0)
        + sum(counted.hours.values(), Decimal(0))
    ).quantize(Decimal("0.1"))
    active = Member.objects.filter(group=group, status=MemberStatus.ACTIVE).count()
    return TrainingFigures(
        first=first,
        last=last,
        by_kind=by_kind,
        women_trained=members.values("member").distinct().count() + sum(counted.women.values()),
        member_hours=member_hours,
        active_members=active,
        hours_per_member=(member_hours / active).quantize(Decimal("0.1"))
        if active
        else Decimal("0"),
    )


def session_hours(group: Group, first: date, last: date) -> Decimal:
    """Hours of training given (each session once), for the period."""
    total = TrainingSession.objects.filter(
        training__group=group, held_on__range=(first, last)
    ).aggregate(h=Sum("hours"))["h"]
    return Decimal(total or 0).quantize(Decimal("0.1"))


def csv_rows(figures: TrainingFigures) -> list[list[str]]:
    """The figures as rows for a CSV export: a heading, then one row per kind of topic.
    Counts only; a sensitive training is in its kind's row like any other."""
    rows = [
        [
            gettext("Tema"),
            gettext("Socias capacitadas"),
            gettext("Invitados"),
            gettext("Horas-socia"),
        ]
    ]
    rows += [[r.label, str(r.women), str(r.guests), str(r.hours)] for r in figures.by_kind]
    rows.append(
        [
            gettext("Total (socias distintas)"),
            str(figures.women_trained),
            str(sum(r.guests for r in figures.by_kind)),
            str(figures.member_hours),
        ]
    )
    rows.append([gettext("Horas de capacitación por socia activa"), str(figures.hours_per_member)])
    return rows


def impact_context(group: Group, first: date, last: date) -> dict[str, object]:
    """The context `learning/_impact.html` renders: {"training": TrainingFigures}."""
    return {"training": training_figures(group, first, last)}
