"""What a member's own page shows about her learning: trainings, hours, certificates.

Her sensitive trainings (and their hours and certificates) are shown only to herself and
to the coordinator; for anyone else they are left out altogether, because even a count
on her page would say that she attended one.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from minka.learning.models import PRIVATE_KINDS, Attendance, Certificate, Training, TrainingNames
from minka.members.access import Access
from minka.members.models import Member


@dataclass(frozen=True)
class TrainingLine:
    training: Training
    sessions: int  # sessions she attended
    hours: Decimal  # hours of those sessions


@dataclass(frozen=True)
class LearningSummary:
    member: Member
    trainings: list[TrainingLine] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    # Trainings named "Taller" on her pages: sensitive ones and those whose kind names
    # rights or health, unless she chose to see their names.
    neutral_ids: frozenset[object] = frozenset()
    names_shown: bool = False

    @property
    def hours(self) -> Decimal:
        return sum((t.hours for t in self.trainings), Decimal("0"))

    @property
    def training_count(self) -> int:
        return len(self.trainings)

    @property
    def certificate_count(self) -> int:
        return len(self.certificates)


def sees_sensitive_of(member: Member, viewer_access: Access) -> bool:
    own = viewer_access.member is not None and viewer_access.member.id == member.id
    return own or viewer_access.can_manage


def member_summary(member: Member, viewer_access: Access) -> LearningSummary:
    """Four queries, whatever her history."""
    attendance = Attendance.objects.filter(member=member)
    certificates = Certificate.objects.filter(member=member).select_related(
        "training", "training__technique"
    )
    if not sees_sensitive_of(member, viewer_access):
        attendance = attendance.filter(session__training__sensitive=False)
        certificates = certificates.filter(training__sensitive=False)
    figures = {
        row["session__training"]: row
        for row in attendance.values("session__training").annotate(
            n=Count("session"), h=Sum("session__hours")
        )
    }
    trainings = list(Training.objects.filter(id__in=figures).select_related("technique"))
    certificates = list(certificates)
    names_shown = TrainingNames.objects.filter(member=member, show_names=True).exists()
    neutral = (
        frozenset()
        if names_shown
        else frozenset(
            t.id
            for t in [*trainings, *(c.training for c in certificates)]
            if t.sensitive or t.kind in PRIVATE_KINDS
        )
    )
    return LearningSummary(
        member=member,
        trainings=[
            TrainingLine(
                training=t,
                sessions=figures[t.id]["n"],
                hours=Decimal(figures[t.id]["h"] or 0).quantize(Decimal("0.1")),
            )
            for t in trainings
        ],
        certificates=certificates,
        neutral_ids=neutral,
        names_shown=names_shown,
    )
