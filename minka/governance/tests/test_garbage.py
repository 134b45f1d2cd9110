"""Nonsense from a form never gives a server error or a half-written record."""

import pytest

from minka.conftest import World
from minka.governance import services
from minka.governance.models import Agreement, GroupRules, Meeting, PostHolding, Term, Vote
from minka.governance.tests.helpers import TODAY, url

GARBAGE = ["", "x", "-1", "0", "99999999999999", "31/02/2026", "<script>", "1e9", "NaN"]


def _rows() -> list[int]:
    return [m.objects.count() for m in (Meeting, Agreement, Vote, Term, PostHolding, GroupRules)]


@pytest.mark.parametrize("junk", GARBAGE)
def test_garbage_is_refused_without_a_server_error(world: World, junk: str) -> None:
    meeting = services.meeting_create(group=world.camacani, kind="assembly", held_on=TODAY)
    term = services.term_create(
        group=world.camacani, starts_on=TODAY, ends_on=TODAY.replace(year=TODAY.year + 2)
    )
    before = _rows()
    rosa = world.client_for(world.rosa)
    posts = [
        (url(world, "meeting_create"), ["kind", "held_on"]),
        (url(world, "meeting_attendance", meeting.id), ["members"]),
        (url(world, "agreement_create", meeting.id), ["text", "responsible", "due_on"]),
        (url(world, "vote_create", meeting.id), ["question", "yes", "no", "abstain"]),
        (url(world, "meeting_fines", meeting.id), ["x"]),
        (url(world, "term_create"), ["starts_on", "ends_on"]),
        (url(world, "post_assign", term.id), ["post", "member"]),
        (url(world, "group_rules"), ["fine_per_absence", "quorum_percent"]),
    ]
    for path, fields in posts:
        response = rosa.post(path, {f: junk for f in fields})
        assert response.status_code in (302, 400), (path, response.status_code)
    assert _rows() == before
