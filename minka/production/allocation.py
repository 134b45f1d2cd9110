"""Fair sharing of an order line among members: max-min fair water-filling.

Each candidate starts at a "level": what she earned in recent months. Pieces are handed
out one at a time to the candidate with the lowest level who still has capacity; each
piece raises her level by the piece rate. So the women who earned least are served
first, nobody goes above what she said she can make, and when capacity allows, the
levels end as even as whole pieces permit. Ties go to the lower member number, then
the lower id, so the same inputs always give the same shares.

This module is pure (no database) so it can be tested exhaustively.
"""

import heapq
import uuid
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Candidate:
    member_id: uuid.UUID
    number: int
    name: str
    capacity: int  # whole pieces she can make before the deadline
    recent_earnings: Decimal


@dataclass(frozen=True)
class Share:
    candidate: Candidate
    pieces: int

    @property
    def at_capacity(self) -> bool:
        return self.pieces >= self.candidate.capacity


@dataclass(frozen=True)
class Proposal:
    shares: list[Share]  # one per candidate, in the order levels were compared
    shortfall: int  # pieces nobody had capacity for

    @property
    def allocated(self) -> int:
        return sum(s.pieces for s in self.shares)


def water_fill(quantity: int, rate: Decimal, candidates: list[Candidate]) -> Proposal:
    if quantity < 0:
        raise ValueError("quantity must not be negative")
    if rate <= 0:
        # With no rate a piece does not raise her level; still share one at a time.
        rate = Decimal("1")
    pieces = {c.member_id: 0 for c in candidates}
    heap = [(c.recent_earnings, c.number, c.member_id.int, c) for c in candidates if c.capacity > 0]
    heapq.heapify(heap)
    left = quantity
    while left > 0 and heap:
        level, number, key, cand = heapq.heappop(heap)
        pieces[cand.member_id] += 1
        left -= 1
        if pieces[cand.member_id] < cand.capacity:
            heapq.heappush(heap, (level + rate, number, key, cand))
    ordered = sorted(candidates, key=lambda c: (c.recent_earnings, c.number, c.member_id.int))
    return Proposal(
        shares=[Share(candidate=c, pieces=pieces[c.member_id]) for c in ordered],
        shortfall=left,
    )
