"""A training that certifies a technique at a level raises the member's skill (never
lowers it), and the allocation then offers her designs she could not get before."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from minka.conftest import World
from minka.learning.models import Certificate
from minka.learning.services import certificate_issue
from minka.learning.tests.helpers import TODAY, training_with_sessions, url
from minka.members.models import Skill
from minka.production import services as production


def _sweater_line(world: World):  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    order = production.order_create(
        group=world.camacani,
        buyer=world.buyer,
        currency="USD",
        exchange_rate=Decimal("3.75"),
        deadline=timezone.localdate() + timedelta(days=60),
        by=world.rosa,
    )
    return production.order_line_add(
        order=order, product=world.sweater, quantity=6, unit_price=Decimal("38.00")
    )


def _eligible(world: World) -> set[str]:
    plan = production.allocation_plan(line=_sweater_line(world))
    return {str(e.share.candidate.member_id) for e in plan.explained}


def test_certifying_carmen_in_knitting_lets_the_allocation_offer_her_sweaters(
    world: World,
) -> None:
    assert str(world.carmen.id) not in _eligible(world)  # she only weaves
    training, _s = training_with_sessions(
        world, attendees=(world.carmen,), technique=world.knitting, level=2
    )
    response = world.client_for(world.rosa).post(
        url(world, "certificate_create", training.id), {"member": str(world.carmen.id)}
    )
    assert response.status_code == 302
    assert Skill.objects.get(member=world.carmen, technique=world.knitting).level == 2
    assert Skill.objects.get(member=world.carmen, technique=world.weaving).level == 3
    assert str(world.carmen.id) in _eligible(world)


def test_a_certificate_never_lowers_a_skill(world: World) -> None:
    training, _s = training_with_sessions(
        world, attendees=(world.carmen,), technique=world.weaving, level=1
    )
    certificate_issue(training=training, member=world.carmen, on=TODAY)
    assert Skill.objects.get(member=world.carmen, technique=world.weaving).level == 3


def test_missing_a_session_without_passing_is_refused(world: World) -> None:
    training, sessions = training_with_sessions(
        world, attendees=(world.carmen,), technique=world.knitting, level=2
    )
    from minka.learning.services import attendance_record

    attendance_record(session=sessions[1], members=[])  # she missed the second
    rosa = world.client_for(world.rosa)
    response = rosa.post(
        url(world, "certificate_create", training.id),
        {"member": str(world.carmen.id)},
        follow=True,
    )
    assert "Carmen Huanca Ccama no asistió a todas las sesiones." in response.content.decode()
    assert Certificate.objects.count() == 0
    assert not Skill.objects.filter(member=world.carmen, technique=world.knitting).exists()
    # the trainer evaluated her: marked passed
    rosa.post(
        url(world, "certificate_create", training.id),
        {"member": str(world.carmen.id), "passed": "on"},
    )
    assert Certificate.objects.get().passed is True
    assert Skill.objects.get(member=world.carmen, technique=world.knitting).level == 2


def test_a_second_certificate_is_refused(world: World) -> None:
    training, _s = training_with_sessions(world, attendees=(world.maria,))
    rosa = world.client_for(world.rosa)
    rosa.post(url(world, "certificate_create", training.id), {"member": str(world.maria.id)})
    response = rosa.post(
        url(world, "certificate_create", training.id),
        {"member": str(world.maria.id)},
        follow=True,
    )
    assert "ya tiene el certificado" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_certifying_someone_of_another_group_is_refused(world: World) -> None:
    training, _s = training_with_sessions(world, attendees=(world.maria,))
    response = world.client_for(world.rosa).post(
        url(world, "certificate_create", training.id),
        {"member": str(world.juli_member.id), "passed": "on"},
        follow=True,
    )
    assert "Esa persona no es socia de este grupo." in response.content.decode()
    assert Certificate.objects.count() == 0
