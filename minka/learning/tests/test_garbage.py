"""Nonsense from a form never gives a server error or a half-written record."""

import pytest

from minka.conftest import World
from minka.learning.models import Attendance, Certificate, LearningWish, Training, TrainingSession
from minka.learning.tests.helpers import training_with_sessions, url

GARBAGE = ["", "x", "-1", "0", "99999999999999", "31/02/2026", "<script>", "1e9", "NaN"]


def _rows() -> list[int]:
    return [
        m.objects.count()
        for m in (Training, TrainingSession, Attendance, Certificate, LearningWish)
    ]


@pytest.mark.parametrize("junk", GARBAGE)
def test_garbage_is_refused_without_a_server_error(world: World, junk: str) -> None:
    training, sessions = training_with_sessions(world, sessions=1)
    before = _rows()
    posts = [
        (
            world.rosa,
            url(world, "training_create"),
            ["topic", "kind", "trainer_member", "starts_on", "ends_on", "technique", "level"],
        ),
        (world.rosa, url(world, "training_detail", training.id), ["held_on", "hours"]),
        (world.rosa, url(world, "session_attendance", sessions[0].id), ["members"]),
        (world.rosa, url(world, "certificate_create", training.id), ["member"]),
        (world.maria_user, url(world, "my_learning"), ["kind", "technique"]),
    ]
    for user, path, fields in posts:
        response = world.client_for(user).post(path, {f: junk for f in fields})
        assert response.status_code in (302, 400), (path, response.status_code)
    assert _rows() == before
