"""Fair host rotation: who hosts a visit, in turn, favouring who hosted least lately.

The same water-filling spirit as the allocation of pieces (production/allocation.py):
each member able and free that day has a "level", the visits she hosted in the last
twelve months (those already confirmed ahead count too: the turn is taken). Turns go to
the lowest level first; on a tie, to whom hosted longest ago, then the lower member
number, so the same inputs always give the same proposal. Hosts are taken in that
order until their room (beds in a home stay, visitors per host otherwise) covers the
group; then the visitors are shared among them one at a time, each to the chosen host
with the fewest so far who has room left, so the pay (shared by visitors) is as even as
whole visitors permit.

This module is pure (no database) so it can be tested exhaustively.
"""

import uuid
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class HostCandidate:
    member_id: uuid.UUID
    number: int
    name: str
    room: int  # visitors she can take: the beds of her home, or visitors per host
    hosted_lately: int  # visits in the last twelve months, confirmed ones ahead included
    last_hosted: date | None
    busy: bool = False  # already hosting another visit on one of these days

    @property
    def order(self) -> tuple[int, date, int, int]:
        return (self.hosted_lately, self.last_hosted or date.min, self.number, self.member_id.int)


@dataclass(frozen=True)
class HostPick:
    candidate: HostCandidate
    visitors: int


@dataclass(frozen=True)
class HostProposal:
    picks: list[HostPick]
    waiting: list[HostCandidate]  # able and free, waiting for their turn
    busy: list[HostCandidate]
    short: int  # visitors no chosen host has room for

    @property
    def member_ids(self) -> list[uuid.UUID]:
        return [p.candidate.member_id for p in self.picks]


def propose_hosts(people: int, candidates: list[HostCandidate]) -> HostProposal:
    if people < 0:
        raise ValueError("people must not be negative")
    free = sorted((c for c in candidates if not c.busy and c.room > 0), key=lambda c: c.order)
    chosen: list[HostCandidate] = []
    room = 0
    for candidate in free:
        if room >= people:
            break
        chosen.append(candidate)
        room += candidate.room
    visitors = dict.fromkeys((c.member_id for c in chosen), 0)
    left = people
    while left > 0:
        open_hosts = [c for c in chosen if visitors[c.member_id] < c.room]
        if not open_hosts:
            break
        host = min(open_hosts, key=lambda c: (visitors[c.member_id], c.order))
        visitors[host.member_id] += 1
        left -= 1
    return HostProposal(
        picks=[HostPick(c, visitors[c.member_id]) for c in chosen],
        waiting=free[len(chosen) :],
        busy=sorted((c for c in candidates if c.busy), key=lambda c: c.order),
        short=left,
    )


def share_visitors(people: int, hosts: list[HostCandidate]) -> list[HostPick]:
    """Visitors shared among hosts the coordinator chose, one at a time, as above."""
    if not hosts:
        return []
    counts = dict.fromkeys((h.member_id for h in hosts), 0)
    for _visitor in range(people):
        open_hosts = [h for h in hosts if counts[h.member_id] < h.room] or hosts
        host = min(open_hosts, key=lambda h: (counts[h.member_id], h.order))
        counts[host.member_id] += 1
    return [HostPick(h, counts[h.member_id]) for h in hosts]
