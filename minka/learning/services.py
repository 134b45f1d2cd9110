"""Writes about trainings. Each function validates, writes in one transaction, and
returns; a refusal raises ValidationError with a message for the user."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from minka.learning.models import (
    Attendance,
    Certificate,
    LearningWish,
    Training,
    TrainingKind,
    TrainingNames,
    TrainingSession,
)
from minka.members.models import Group, Member, Skill, Technique


def training_create(
    *,
    group: Group,
    topic: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    trainer_member: Member | None = None,
    trainer_name: str = "",
    place: str = "",
    sensitive: bool = False,
    technique: Technique | None = None,
    level: int | None = None,
) -> Training:
    topic = topic.strip()
    if not topic:
        raise ValidationError(_("Escriba el tema de la capacitación."))
    if kind not in TrainingKind.values:
        raise ValidationError(_("Elija el tipo de capacitación."))
    if ends_on < starts_on:
        raise ValidationError(_("La fecha de fin no puede ser anterior a la de inicio."))
    if trainer_member is not None and trainer_member.group_id != group.id:
        raise ValidationError(_("La capacitadora debe ser socia de este grupo."))
    if not trainer_member and not trainer_name.strip():
        raise ValidationError(_("Indique quién dicta la capacitación."))
    if (technique is None) != (level is None):
        raise ValidationError(
            _("Para certificar una técnica indique la técnica y el nivel, o ninguno de los dos.")
        )
    with transaction.atomic():
        return Training.objects.create(
            group=group,
            topic=topic,
            kind=kind,
            trainer_member=trainer_member,
            trainer_name=trainer_name.strip(),
            place=place.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            sensitive=sensitive,
            technique=technique,
            level=level,
        )


def session_add(*, training: Training, held_on: date, hours: Decimal) -> TrainingSession:
    if not training.starts_on <= held_on <= training.ends_on:
        raise ValidationError(
            _("La sesión debe estar entre el %(start)s y el %(end)s, fechas de la capacitación.")
            % {
                "start": training.starts_on.strftime("%d/%m/%Y"),
                "end": training.ends_on.strftime("%d/%m/%Y"),
            }
        )
    if hours <= 0 or hours > 12:
        raise ValidationError(_("Las horas de una sesión deben estar entre 0.5 y 12."))
    with transaction.atomic():
        return TrainingSession.objects.create(training=training, held_on=held_on, hours=hours)


def attendance_record(
    *, session: TrainingSession, members: Sequence[Member], guests: Sequence[str] = ()
) -> int:
    """Who came to a session: replaces the list of members and guests. Returns how many."""
    group_id = session.training.group_id
    strangers = [m for m in members if m.group_id != group_id]
    if strangers:
        raise ValidationError(
            _("%(name)s no es socia de este grupo.") % {"name": strangers[0].full_name}
        )
    names = [g.strip()[:200] for g in guests if g.strip()]
    with transaction.atomic():
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(
            [Attendance(session=session, member=m) for m in {m.id: m for m in members}.values()]
            + [Attendance(session=session, guest_name=n) for n in names]
        )
    return len(members) + len(names)


def completed_all_sessions(training: Training, member: Member) -> bool:
    sessions = training.sessions.count()
    if sessions == 0:
        return False
    came = (
        Attendance.objects.filter(session__training=training, member=member)
        .aggregate(n=Count("session", distinct=True))
        .get("n")
    )
    return came == sessions


def certificate_issue(
    *, training: Training, member: Member, on: date, passed: bool = False
) -> Certificate:
    """Record that she completed the training (every session, or passed by the trainer).

    If the training certifies a technique at a level, her skill is raised to that level
    (never lowered): that is what lets the allocation offer her more work."""
    if member.group_id != training.group_id:
        raise ValidationError(_("%(name)s no es socia de este grupo.") % {"name": member.full_name})
    if on < training.starts_on:
        raise ValidationError(_("El certificado no puede ser anterior a la capacitación."))
    if not passed and not completed_all_sessions(training, member):
        raise ValidationError(
            _(
                "%(name)s no asistió a todas las sesiones. Márquela como aprobada si la "
                "capacitadora la evaluó."
            )
            % {"name": member.full_name}
        )
    with transaction.atomic():
        if Certificate.objects.filter(training=training, member=member).exists():
            raise ValidationError(
                _("%(name)s ya tiene el certificado de esta capacitación.")
                % {"name": member.full_name}
            )
        certificate = Certificate.objects.create(
            training=training, member=member, issued_on=on, passed=passed
        )
        if training.technique_id is not None and training.level is not None:
            skill = (
                Skill.objects.select_for_update()
                .filter(member=member, technique_id=training.technique_id)
                .first()
            )
            if skill is None:
                Skill.objects.create(
                    member=member, technique_id=training.technique_id, level=training.level
                )
            elif skill.level < training.level:
                skill.level = training.level
                skill.save(update_fields=["level"])
    return certificate


def wish_add(
    *, member: Member, kind: str, technique: Technique | None = None, note: str = ""
) -> LearningWish:
    if kind not in TrainingKind.values:
        raise ValidationError(_("Elija qué quiere aprender."))
    with transaction.atomic():
        return LearningWish.objects.create(
            member=member, kind=kind, technique=technique, note=note.strip()[:200]
        )


def training_names_choose(*, member: Member, show_names: bool) -> TrainingNames:
    """A member chooses whether her private trainings show their names on her pages."""
    with transaction.atomic():
        choice = TrainingNames.objects.filter(member=member).first()
        if choice is None:
            return TrainingNames.objects.create(member=member, show_names=show_names)
        choice.show_names = show_names
        choice.save()
    return choice
