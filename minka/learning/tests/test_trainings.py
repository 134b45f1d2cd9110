"""Trainings through the web: the coordinator creates one, adds sessions, takes
attendance (members and guests); bad input is refused with a message and saves nothing."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minka.conftest import World
from minka.learning.models import Attendance, LearningWish, Training, TrainingSession
from minka.learning.tests.helpers import TODAY, d, training_with_sessions, url
from minka.members.models import Member


def test_rosa_creates_a_training_adds_a_session_and_takes_attendance(world: World) -> None:
    rosa = world.client_for(world.rosa)
    response = rosa.post(
        url(world, "training_create"),
        {
            "topic": "Control de calidad de chompas",
            "kind": "quality",
            "trainer_member": str(world.carmen.id),
            "place": "Local comunal",
            "starts_on": d(TODAY - timedelta(days=3)),
            "ends_on": d(TODAY),
        },
    )
    training = Training.objects.get()
    assert response.status_code == 302
    assert training.trainer == "Carmen Huanca Ccama"  # a member teaching newer members
    detail = url(world, "training_detail", training.id)
    response = rosa.post(detail, {"held_on": d(TODAY - timedelta(days=1)), "hours": "2.5"})
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    response = rosa.post(
        url(world, "session_attendance", session.id),
        {"members": [str(world.maria.id), str(world.juana.id)], "guests": "Pedro Quispe\n\n"},
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(member__isnull=False).count() == 2
    assert Attendance.objects.get(member__isnull=True).guest_name == "Pedro Quispe"
    page = rosa.get(detail).content.decode()
    assert "María Quispe Mamani" in page and "Pedro Quispe (invitado)" in page
    listing = rosa.get(url(world, "training_list")).content.decode()
    assert "Control de calidad de chompas" in listing
    # 2.5 hours, 2 women, 1 guest counted apart
    assert '<td class="num">2.5</td><td class="num">2</td><td class="num">1</td>' in listing


def test_a_session_outside_the_trainings_dates_is_refused(world: World) -> None:
    training, _sessions = training_with_sessions(world, sessions=0)
    before = TrainingSession.objects.count()
    response = world.client_for(world.rosa).post(
        url(world, "training_detail", training.id),
        {"held_on": d(training.ends_on + timedelta(days=1)), "hours": "2"},
    )
    assert response.status_code == 400
    assert "La sesión debe estar entre el" in response.content.decode()
    assert TrainingSession.objects.count() == before


def test_a_training_ending_before_it_starts_is_refused(world: World) -> None:
    response = world.client_for(world.rosa).post(
        url(world, "training_create"),
        {
            "topic": "Costos",
            "kind": "costing",
            "trainer_name": "Ing. Vilma",
            "starts_on": d(TODAY),
            "ends_on": d(TODAY - timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "La fecha de fin no puede ser anterior a la de inicio." in response.content.decode()
    assert Training.objects.count() == 0


def test_attendance_of_someone_not_in_the_group_is_refused(world: World) -> None:
    _training, sessions = training_with_sessions(world, attendees=(world.maria,), sessions=1)
    before = list(Attendance.objects.values_list("member_id", flat=True))
    response = world.client_for(world.rosa).post(
        url(world, "session_attendance", sessions[0].id),
        {"members": [str(world.juana.id), str(world.juli_member.id)]},
    )
    assert response.status_code == 400
    assert "Esa persona no es socia de este grupo." in response.content.decode()
    assert list(Attendance.objects.values_list("member_id", flat=True)) == before


def test_only_the_coordinator_manages_trainings(world: World) -> None:
    training, sessions = training_with_sessions(world, sessions=1)
    for user in (world.teresa, world.sofia):
        client = world.client_for(user)
        assert client.get(url(world, "training_create")).status_code == 403
        assert client.get(url(world, "session_attendance", sessions[0].id)).status_code == 403
        assert client.get(url(world, "training_detail", training.id)).status_code == 200
    lucia = world.client_for(world.lucia)
    for path in (
        url(world, "training_list"),
        url(world, "training_detail", training.id),
        url(world, "session_attendance", sessions[0].id),
        url(world, "session_sheet", sessions[0].id),
    ):
        assert lucia.get(path).status_code == 404, path


def test_a_member_says_what_she_wants_to_learn_and_rosa_sees_the_demand(world: World) -> None:
    maria = world.client_for(world.maria_user)
    assert maria.get(url(world, "training_list")).status_code == 302  # to her own page
    response = maria.post(
        url(world, "my_learning"),
        {"kind": "technique", "technique": str(world.weaving.id), "note": "telar"},
    )
    assert response.status_code == 302
    assert LearningWish.objects.get().member == world.maria
    page = world.client_for(world.rosa).get(url(world, "training_list")).content.decode()
    assert '<td>Técnica</td><td>Telar de cintura</td><td class="num">1</td>' in page
    # the treasurer does not see who asked for what
    assert (
        "Telar de cintura"
        not in world.client_for(world.teresa).get(url(world, "training_list")).content.decode()
    )


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_training_list_runs_the_same_queries_for_few_or_many(world: World) -> None:
    rosa = world.client_for(world.rosa)
    training_with_sessions(world, attendees=(world.maria,))
    few = _queries(rosa, url(world, "training_list"))
    for i in range(8):
        extra = Member.objects.create(
            group=world.camacani, number=10 + i, first_name="Socia", last_name=str(i)
        )
        training_with_sessions(world, topic=f"Tema {i}", attendees=(world.maria, extra))
    assert Training.objects.count() == 9
    assert _queries(rosa, url(world, "training_list")) == few


def test_hours_are_exact_decimals(world: World) -> None:
    training, _s = training_with_sessions(world, attendees=(world.maria,), sessions=3)
    page = world.client_for(world.rosa).get(url(world, "training_detail", training.id))
    assert page.context["hours"] == Decimal("9.0")
