"""The fair-share rule, tested on its own and over many random inputs."""

import uuid
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from minka.production.allocation import Candidate, water_fill
from minka.production.services import capacity_pieces


def cand(number: int, capacity: int, earned: str) -> Candidate:
    return Candidate(
        member_id=uuid.UUID(int=number),
        number=number,
        name=f"Socia {number}",
        capacity=capacity,
        recent_earnings=Decimal(earned),
    )


def pieces_by_number(proposal) -> dict[int, int]:
    return {s.candidate.number: s.pieces for s in proposal.shares}


def test_the_woman_who_earned_least_is_served_first():
    proposal = water_fill(3, Decimal("10"), [cand(1, 10, "100"), cand(2, 10, "0")])
    # María (2) earned nothing: she gets pieces until her level passes Juana's 100 soles.
    assert pieces_by_number(proposal) == {1: 0, 2: 3}
    assert proposal.shortfall == 0


def test_levels_even_out_then_pieces_alternate():
    proposal = water_fill(12, Decimal("10"), [cand(1, 20, "20"), cand(2, 20, "0")])
    # 2 pieces lift member 2 to 20; the other 10 alternate, ties to the lower number.
    assert pieces_by_number(proposal) == {1: 5, 2: 7}


def test_nobody_goes_above_her_capacity_and_the_shortfall_is_reported():
    proposal = water_fill(10, Decimal("10"), [cand(1, 2, "0"), cand(2, 3, "0")])
    assert pieces_by_number(proposal) == {1: 2, 2: 3}
    assert proposal.shortfall == 5


def test_no_candidates_means_everything_is_short():
    proposal = water_fill(4, Decimal("10"), [])
    assert proposal.shares == [] and proposal.shortfall == 4


def test_capacity_counts_weeks_to_the_deadline_and_work_already_owed():
    # 10 h a week for 4 weeks = 2,400 minutes; 600 already owed; 600 a piece -> 3.
    assert capacity_pieces(10, 28, 600, 600) == 3
    # A deadline in under a week still counts one week of her time.
    assert capacity_pieces(10, 2, 0, 600) == 1
    assert capacity_pieces(10, 28, 5000, 600) == 0


candidates_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 500)), min_size=0, max_size=25
).map(lambda rows: [cand(i + 1, c, str(e)) for i, (c, e) in enumerate(rows)])


@settings(max_examples=300, deadline=None)
@given(
    quantity=st.integers(0, 400),
    rate=st.decimals(min_value=Decimal("0.50"), max_value=Decimal("200"), places=2),
    candidates=candidates_strategy,
)
def test_allocation_properties(quantity, rate, candidates):
    proposal = water_fill(quantity, rate, candidates)
    given_out = {s.candidate.number: s.pieces for s in proposal.shares}
    # No piece created or lost: allocated plus shortfall is the quantity.
    assert proposal.allocated + proposal.shortfall == quantity
    # Nobody above her capacity, nobody below zero.
    for c in candidates:
        assert 0 <= given_out[c.number] <= c.capacity
    # A shortfall only when every candidate is full.
    if proposal.shortfall:
        assert all(given_out[c.number] == c.capacity for c in candidates)
    # Max-min fair: a woman who could take one more piece never ends below, by more than
    # a piece, a woman who got at least one piece.
    level = {c.number: c.recent_earnings + given_out[c.number] * rate for c in candidates}
    for low in candidates:
        if given_out[low.number] < low.capacity:
            for high in candidates:
                if given_out[high.number] > 0:
                    assert level[low.number] >= level[high.number] - rate
    # The same inputs give the same allocation, in any input order.
    again = water_fill(quantity, rate, list(reversed(candidates)))
    assert {s.candidate.number: s.pieces for s in again.shares} == given_out
