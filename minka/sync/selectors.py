"""What the sync page shows."""

from dataclasses import dataclass
from datetime import datetime

from minka.sync.models import Change, HeldChange, Peer, SyncLog
from minka.sync.outbox import _scope, watermark
from minka.sync.roles import here, is_central


@dataclass
class PeerStatus:
    peer: Peer
    waiting_out: int  # our changes they have not acknowledged
    waiting_in: int  # theirs we know of and have not applied (central: held ones)
    held: int
    last_ok: datetime | None
    last_error: SyncLog | None


def pending_for(peer: Peer) -> int:
    changes = Change.objects.filter(
        origin=here(), counter__gt=peer.acked_upto, counter__lte=watermark()
    )
    if is_central():
        changes = changes.filter(_scope(peer))
    return changes.count()


def peer_status(peer: Peer) -> PeerStatus:
    logs = SyncLog.objects.filter(peer_code=peer.code)
    ok = logs.filter(outcome=SyncLog.Outcome.OK).first()
    last = logs.first()
    held = HeldChange.objects.filter(peer_code=peer.code, resolved_at=None).count()
    return PeerStatus(
        peer=peer,
        waiting_out=pending_for(peer),
        waiting_in=max(peer.highest_seen - peer.received_upto, 0) + held,
        held=held,
        last_ok=ok.at if ok else None,
        last_error=last if last and last.outcome == SyncLog.Outcome.ERROR else None,
    )


def local_pending() -> int:
    """On a site not yet enrolled: every change made so far."""
    return Change.objects.filter(origin=here()).count()
