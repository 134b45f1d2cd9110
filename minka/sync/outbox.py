"""Making a bundle of the changes the other end has not acknowledged yet."""

import uuid
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from minka.privacy import shared as personal
from minka.sync import registry
from minka.sync.bundle import FORMAT, Bundle, schema_fingerprint
from minka.sync.models import Change, Counter, Peer
from minka.sync.roles import here, is_central

BATCH = 1000  # changes per bundle; more go in the next request (or the next file)


def watermark() -> int:
    """Every change up to this counter is committed (the counter row is locked from the
    moment a write takes a number until it commits, so numbers commit in order)."""
    return Counter.objects.filter(name="local").values_list("value", flat=True).first() or 0


def _scope(peer: Peer) -> Q:
    from minka.members.models import Group

    group_ids = list(Group.objects.filter(code__in=peer.group_codes).values_list("id", flat=True))
    return (
        Q(group_id__in=group_ids)
        | Q(group_id=None, organisation_id=peer.organisation_id)
        | Q(group_id=None, organisation_id=None, model__in=list(registry.DOWN))
    )


def _sensitive_sessions(session_ids: set[Any]) -> set[Any]:
    from minka.learning.models import TrainingSession

    return set(
        TrainingSession.objects.filter(pk__in=session_ids, training__sensitive=True).values_list(
            "pk", flat=True
        )
    )


def _counts(session_ids: set[Any]) -> list[list[Any]]:
    """For each sensitive training touched, every session's counts: members, guests, and
    members who came to no earlier session of it (so central counts each woman once per
    training). Whole trainings, because a late entry changes the later sessions' counts."""
    from minka.learning.models import Attendance, TrainingSession

    trainings = set(
        TrainingSession.objects.filter(pk__in=session_ids).values_list("training_id", flat=True)
    )
    sessions = TrainingSession.objects.filter(training_id__in=trainings).select_related("training")
    present: dict[Any, list[Any]] = defaultdict(list)
    for session_id, member_id in Attendance.objects.filter(
        session__training_id__in=trainings
    ).values_list("session_id", "member_id"):
        present[session_id].append(member_id)
    seen: dict[Any, set[Any]] = defaultdict(set)
    rows = []
    for s in sessions.order_by("training_id", "held_on", "created_at"):
        members = {m for m in present[s.pk] if m is not None}
        guests = sum(1 for m in present[s.pk] if m is None)
        new = members - seen[s.training_id]
        seen[s.training_id] |= members
        rows.append([str(s.pk), str(s.training.group_id), len(members), guests, len(new)])
    return rows


def _of_held_groups(label: str, found: dict[Any, Any], peer: Peer) -> dict[Any, Any]:
    """On a site: only the records of the groups central says this site holds (a site
    may keep a group of its own that it does not share)."""
    from minka.members.models import Group

    path = registry.UP[label] or "pk"
    model = apps.get_model(label)
    group_of = dict(model._default_manager.filter(pk__in=found).values_list("pk", path))
    held = set(Group.objects.filter(code__in=peer.group_codes).values_list("pk", flat=True))
    return {pk: obj for pk, obj in found.items() if group_of.get(pk) in held}


def _sharing(label: str, found: dict[Any, Any]) -> set[Any] | None:
    """On a site, for records with a member's personal fields: the members who agreed to
    share them with the organisation (None: every record travels whole)."""
    if is_central() or label not in personal.PERSONAL:
        return None
    return personal.sharing(personal.member_of(label, obj) for obj in found.values())


def _travelling(label: str, obj: Any, users: dict[str, Any], shared: set[Any] | None) -> Any:
    from minka.sync.serial import to_json

    data = to_json(obj, users)
    if label in personal.PERSONAL and shared is not None:
        member = personal.member_of(label, obj)
        return personal.withhold(label, data, shared=member is None or member in shared)
    return personal.withhold(label, data, shared=True)


def build(peer: Peer, seq: int, limit: int | None = BATCH) -> tuple[Bundle, int]:
    """The next bundle for a peer, and how many changes it carries."""
    top = watermark()
    changes = Change.objects.filter(origin=here(), counter__gt=peer.acked_upto, counter__lte=top)
    if is_central():
        changes = changes.filter(_scope(peer))
    ordered = changes.order_by("counter")
    rows = list(ordered if limit is None else ordered[: limit + 1])
    more = limit is not None and len(rows) > limit
    rows = rows[:limit]
    end = rows[-1].counter if more else top
    # One entry per record, in its latest state; its base is what the peer last saw.
    latest: dict[tuple[str, uuid.UUID], Change] = {}
    base: dict[tuple[str, uuid.UUID], Change] = {}
    # The record's earlier versions made here in this range: the peer may already have
    # one of them (it applied a bundle whose answer was lost), which is no conflict.
    earlier: dict[tuple[str, uuid.UUID], list[int]] = defaultdict(list)
    for row in rows:
        key = (row.model, row.record_id)
        if key in latest:
            earlier[key].append(latest[key].counter)
        latest[key] = row
        base.setdefault(key, row)
    by_model: dict[str, list[uuid.UUID]] = defaultdict(list)
    for model, record_id in latest:
        by_model[model].append(record_id)
    users: dict[str, Any] = {}
    out: list[dict[str, Any]] = []
    sensitive_sessions: set[Any] = set()
    for label, ids in by_model.items():
        found: dict[Any, Any] = {
            obj.pk: obj for obj in apps.get_model(label)._default_manager.filter(pk__in=ids)
        }
        # The groups first: the counts of a sensitive training go only for a held group.
        if label in registry.UP and not is_central():
            found = _of_held_groups(label, found, peer)
        if label == registry.SENSITIVE_ATTENDANCE and not is_central():
            sessions = {obj.session_id for obj in found.values()}
            hidden = _sensitive_sessions(sessions)
            sensitive_sessions |= hidden
            found = {k: v for k, v in found.items() if v.session_id not in hidden}
        shared = _sharing(label, found)
        for record_id in ids:
            change, first = latest[(label, record_id)], base[(label, record_id)]
            obj = found.get(record_id)
            if obj is None and not change.deleted:
                continue  # kept back: a sensitive training's attendance, another group's

            entry: dict[str, Any] = {
                "m": label,
                "id": str(record_id),
                "c": change.counter,
                "o": change.origin,
                "t": change.changed_at.isoformat(),
                "d": None if obj is None else _travelling(label, obj, users, shared),
            }
            if first.base_counter is not None:
                entry["b"] = [first.base_origin, first.base_counter]
            if (label, record_id) in earlier:
                entry["p"] = earlier[(label, record_id)]
            out.append(entry)
    users.pop("", None)  # the lookup cache
    out.sort(key=lambda e: int(e["c"]))
    head = {
        "format": FORMAT,
        "schema": schema_fingerprint(),
        "from": here(),
        "to": peer.code,
        "org": str(peer.organisation_id or ""),
        "seq": seq,
        "made_at": timezone.now().isoformat(),
        "range": [peer.acked_upto, end],
        "ack": peer.received_upto,
        "floor": peer.highest_seen,
        "more": more,
    }
    counts = _counts(sensitive_sessions) if sensitive_sessions else []
    return Bundle(head, out, users, counts), len(out)
