"""Helpers for the learning tests: URLs, a member login for Juana, a training made
through the services (the web flows are tested on their own)."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, make_user
from minka.learning import services
from minka.learning.models import Training, TrainingKind, TrainingSession
from minka.members.models import GroupRole, Member, Role

TODAY = timezone.localdate()


def url(world: World, name: str, *args: object) -> str:
    return reverse(name, args=[world.camacani.id, *args])


def juana_user(world: World) -> User:
    """Juana, another Camacani member, with her own member login."""
    user = make_user("juana", "Juana")
    GroupRole.objects.create(user=user, group=world.camacani, role=Role.MEMBER, member=world.juana)
    return user


def training_with_sessions(
    world: World,
    *,
    sensitive: bool = False,
    kind: str = TrainingKind.TECHNIQUE,
    topic: str = "Tejido de trenzas",
    attendees: tuple[Member, ...] = (),
    sessions: int = 2,
    **kw: object,
) -> tuple[Training, list[TrainingSession]]:
    start = TODAY - timedelta(days=10)
    training = services.training_create(
        group=world.camacani,
        topic=topic,
        kind=kind,
        starts_on=start,
        ends_on=start + timedelta(days=5),
        trainer_name="Ing. Vilma Paredes",
        place="Local comunal",
        sensitive=sensitive,
        **kw,  # type: ignore[arg-type]  # the context dict holds mixed values
    )
    made = []
    for i in range(sessions):
        s = services.session_add(
            training=training, held_on=start + timedelta(days=i), hours=Decimal("3.0")
        )
        services.attendance_record(session=s, members=list(attendees))
        made.append(s)
    return training, made


def d(value: date) -> str:
    return value.strftime("%d/%m/%Y")
