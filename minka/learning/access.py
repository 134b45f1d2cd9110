"""Fetch learning records for a user's group access, or 404; and who sees attendance.

The sensitive-topic rule lives here, in one place: the names of those who attended a
sensitive training are seen by the coordinator, and each woman sees her own; everyone
else (treasurer, organisation staff, other members, printed sheets, reports) sees counts.
"""

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404

from minka.learning.models import Attendance, Training, TrainingSession
from minka.members.access import Access


def training_for(access: Access, training_id: uuid.UUID) -> Training:
    """A training of the group. A member (no group-wide role) may open only the
    trainings she attended; any other is 404 to her."""
    training = get_object_or_404(
        Training.objects.select_related("trainer_member", "technique"),
        group=access.group,
        id=training_id,
    )
    if not access.can_view_group and (
        access.member is None or not attended(training, access.member.id)
    ):
        raise Http404
    return training


def session_for(access: Access, session_id: uuid.UUID) -> TrainingSession:
    session = get_object_or_404(
        TrainingSession.objects.select_related("training"),
        training__group=access.group,
        id=session_id,
    )
    training_for(access, session.training_id)
    return session


def attended(training: Training, member_id: uuid.UUID) -> bool:
    return Attendance.objects.filter(session__training=training, member_id=member_id).exists()


def sees_all_attendees(access: Access, training: Training) -> bool:
    """Whether this user may see every attendee's name (otherwise: counts, and her own)."""
    if training.sensitive:
        return access.can_manage
    return access.can_view_group
