"""Fair host rotation, without the database: who is proposed, and why."""

import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from minka.tourism.rotation import HostCandidate, propose_hosts, share_visitors


def cand(
    number: int, hosted: int = 0, room: int = 8, busy: bool = False, last: date | None = None
) -> HostCandidate:
    return HostCandidate(uuid.uuid4(), number, f"Socia {number}", room, hosted, last, busy)


def test_the_one_who_hosted_least_is_proposed_first() -> None:
    a, b, c = cand(1, hosted=3), cand(2, hosted=1), cand(3, hosted=2)
    proposal = propose_hosts(5, [a, b, c])
    assert [p.candidate for p in proposal.picks] == [b]
    assert proposal.waiting == [c, a]


def test_a_tie_goes_to_whom_hosted_longest_ago() -> None:
    a = cand(1, hosted=1, last=date(2026, 5, 1))
    b = cand(2, hosted=1, last=date(2026, 2, 1))
    assert propose_hosts(3, [a, b]).picks[0].candidate == b


def test_busy_hosts_are_skipped_and_visitors_are_shared_evenly() -> None:
    busy = cand(1, busy=True)
    d, e = cand(2, room=8), cand(3, room=8)
    proposal = propose_hosts(10, [busy, d, e])
    assert [(p.candidate, p.visitors) for p in proposal.picks] == [(d, 5), (e, 5)]
    assert proposal.busy == [busy]
    assert proposal.short == 0


def test_beds_that_do_not_cover_the_group_leave_a_shortfall() -> None:
    proposal = propose_hosts(5, [cand(1, room=2), cand(2, room=2)])
    assert proposal.short == 1


def test_a_season_of_visits_spreads_the_turns_evenly() -> None:
    hosts = [cand(n) for n in range(1, 6)]
    counts = {h.member_id: 0 for h in hosts}
    for _visit in range(23):
        current = [
            HostCandidate(h.member_id, h.number, h.name, h.room, counts[h.member_id], None)
            for h in hosts
        ]
        pick = propose_hosts(4, current).picks[0].candidate
        counts[pick.member_id] += 1
    assert max(counts.values()) - min(counts.values()) <= 1


@given(
    people=st.integers(min_value=0, max_value=40),
    rooms=st.lists(st.integers(min_value=0, max_value=8), min_size=0, max_size=8),
)
def test_no_visitor_is_lost_or_over_a_room(people: int, rooms: list[int]) -> None:
    proposal = propose_hosts(people, [cand(i + 1, room=r) for i, r in enumerate(rooms)])
    assert sum(p.visitors for p in proposal.picks) + proposal.short == people
    assert all(p.visitors <= p.candidate.room for p in proposal.picks)
    shared = share_visitors(people, [p.candidate for p in proposal.picks])
    assert sum(p.visitors for p in shared) == (people if shared else 0)
