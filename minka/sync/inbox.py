"""Applying a peer's bundle: checked first, then all of it in one transaction.

A change is applied once, by record id and (origin, counter). A change made on a stale
copy of a record (its base is not the version here) is held for a person on central, or,
on a site, dropped in favour of the site's own version. Append-only records are only
ever INSERTed. The changes are applied a model at a time, parents first: what is here
already is read in two queries per model, the new records are written in multi-row
INSERTs and the changed ones in one UPDATE statement (minka.sync.bulk), so a first sync
of tens of thousands of records costs a few statements per model and batch.
"""

import importlib
import uuid
from dataclasses import dataclass, field, fields
from itertools import groupby
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from minka.sync import bulk, registry
from minka.sync.bundle import Bundle
from minka.sync.changes import applying
from minka.sync.models import Change, HeldChange, Peer
from minka.sync.roles import is_central

# Caches that central keeps from rows as they arrive: (module, function taking the ids of
# the rows just inserted). Such rows are append-only, so adding the new ones is exact.
COUNT_NEW = {"ledger.LedgerEntry": ("minka.ledger.totals", "entries_counted")}


@dataclass
class Outcome:
    applied: int = 0
    skipped: int = 0
    held: int = 0
    groups: set[uuid.UUID] = field(default_factory=set)
    added: dict[str, list[str]] = field(default_factory=dict)


def _refuse(message: str, code: str = "bad") -> ValidationError:
    return ValidationError(message, code=code)


def _hold(peer: Peer, entry: dict[str, Any], reason: str, out: Outcome) -> None:
    HeldChange.objects.create(
        peer_code=peer.code,
        origin=entry["o"],
        counter=entry["c"],
        model=entry["m"],
        record_id=entry["id"],
        data=entry["d"],
        reason=reason,
    )
    out.held += 1


def write(
    label: str, record_id: str, data: dict[str, Any] | None, users: Any, exists: bool | None = None
) -> Any:
    """Make the row here what it is there (or delete it). Returns the saved record."""
    from minka.sync.serial import from_json

    model = apps.get_model(label)
    with applying():
        if data is None:
            for obj in model._default_manager.filter(pk=record_id):
                obj.delete()
            return None
        obj = from_json(model, record_id, data, users)
        if exists is None:
            exists = model._default_manager.filter(pk=record_id).exists()
        if exists and label in registry.APPEND_ONLY:
            return obj  # append-only: the copy here is already the same
        obj.save_base(raw=True, force_insert=not exists, force_update=exists)
        return obj


class Known:
    """What is here already for the records of one model in a bundle, in two queries:
    their changes applied here (origin, counter; the latest first) and which exist."""

    def __init__(self, label: str, ids: set[str]) -> None:
        self.seen: set[tuple[str, int, str]] = set()
        self.latest: dict[str, list[Any]] = {}
        rows = (
            Change.objects.filter(model=label, record_id__in=bulk.among(ids))
            .order_by("id")
            .values_list("origin", "counter", "record_id")
        )
        for origin, counter, record_id in rows:
            self.seen.add((origin, counter, str(record_id)))
            self.latest[str(record_id)] = [origin, counter]
        self.exists = bulk.existing(label, ids)


def _decide(peer: Peer, entry: dict[str, Any], known: Known, out: Outcome) -> bool:
    """Whether to apply a change: not when it was applied before, nor when it was made
    on a version other than the one here (then central holds it; a site keeps its own)."""
    record_id = str(entry["id"])
    origin, counter = str(entry["o"]), int(entry["c"])
    if (origin, counter, record_id) in known.seen:
        out.skipped += 1
        return False
    base = entry.get("b")
    here_version = known.latest.get(record_id)
    # The version here is the one the change was made on, or an earlier version by the
    # same origin that this bundle supersedes (sent before, applied, its answer lost).
    superseded = (
        here_version is not None
        and here_version[0] == origin
        and int(here_version[1]) in entry.get("p", [])
    )
    if here_version is not None and here_version != base and not superseded:
        if is_central():
            _hold(peer, entry, _("cambiado aquí o en otra copia desde que el sitio lo vio"), out)
        else:
            out.skipped += 1  # the site's own version stands; central holds the other
        return False
    known.seen.add((origin, counter, record_id))
    known.latest[record_id] = [origin, counter]
    return True


@dataclass(slots=True)
class Made:
    """A change applied here, to be logged as a sync.Change row (all at once)."""

    origin: str
    counter: int
    model: str
    record_id: str
    deleted: bool
    base_origin: str
    base_counter: int | None
    changed_at: Any
    group_id: Any = None


COLUMNS = [f.name for f in fields(Made)]


def _change(entry: dict[str, Any]) -> Made:
    base = entry.get("b")
    return Made(
        origin=str(entry["o"]),
        counter=int(entry["c"]),
        model=str(entry["m"]),
        record_id=str(entry["id"]),
        deleted=entry["d"] is None,
        base_origin=base[0] if base else "",
        base_counter=base[1] if base else None,
        changed_at=parse_datetime(str(entry["t"])) or timezone.now(),
    )


def _log(made: list[Made]) -> None:
    """The applied changes into the change log, in one COPY (or one INSERT run)."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor == "postgresql":  # COPY takes these Python values as they are
        rows = [[getattr(m, name) for name in COLUMNS] for m in made]
    else:
        by_name = {f.name: f for f in Change._meta.concrete_fields}
        prep = [by_name[name].get_db_prep_save for name in COLUMNS]
        rows = [[p(getattr(m, n), db) for p, n in zip(prep, COLUMNS, strict=True)] for m in made]
    bulk.insert_rows(Change._meta.db_table, COLUMNS, rows)


def _apply_run(
    peer: Peer,
    label: str,
    entries: list[dict[str, Any]],
    users: Any,
    known: Known,
    out: Outcome,
    made: list[Made],
) -> None:
    """Apply a run of one model's changes: the new records in multi-row INSERTs, the
    changed ones in one UPDATE each, deletions one by one (their cascades)."""
    new: list[list[Any]] = []
    changed: list[list[Any]] = []
    pending: set[str] = set()

    def flush() -> None:
        bulk.insert(label, new)
        bulk.update(label, changed)
        new.clear()
        changed.clear()
        pending.clear()

    append_only = label in registry.APPEND_ONLY
    for entry in entries:
        if not _decide(peer, entry, known, out):
            continue
        record_id = str(entry["id"])
        if entry["d"] is None:
            write(label, record_id, None, users)
            known.exists.discard(record_id)
        else:
            if record_id in pending:
                flush()  # the same record twice in one bundle: in order
            pending.add(record_id)
            values = bulk.row(label, record_id, entry["d"], users)
            if record_id not in known.exists:
                new.append(values)
                known.exists.add(record_id)
                if label in COUNT_NEW:
                    out.added.setdefault(label, []).append(record_id)
            elif not append_only:  # an append-only record here is already the same
                changed.append(values)
        made.append(_change(entry))
        out.applied += 1
    flush()


def _place(peer: Peer, made: list[Made], out: Outcome) -> None:
    """On central: find each applied record's group, and refuse a group not the site's."""
    from minka.members.models import Group

    if not is_central():
        return
    by_model: dict[str, list[Made]] = {}
    for change in made:
        if change.model in registry.UP and not change.deleted:
            by_model.setdefault(change.model, []).append(change)
    group_of: dict[str, Any] = {}
    for label, changes in by_model.items():
        path = registry.UP[label] or "pk"
        model = apps.get_model(label)
        rows = model._base_manager.filter(pk__in=bulk.among(c.record_id for c in changes))
        group_of |= {str(pk): g for pk, g in rows.values_list("pk", path)}
    codes = dict(Group.objects.filter(pk__in=set(group_of.values())).values_list("pk", "code"))
    for change in made:
        group_id = group_of.get(str(change.record_id))
        if change.model not in registry.UP or group_id is None:
            continue
        if codes.get(group_id) not in peer.group_codes:
            raise _refuse(
                _("El paquete trae datos de un grupo (%(code)s) que no es de %(site)s.")
                % {"code": codes.get(group_id) or change.model, "site": peer.code}
            )
        change.group_id = group_id
        out.groups.add(group_id)


def _counts(peer: Peer, bundle: Bundle) -> None:
    """On central: the counts of a sensitive training's sessions, for the site's groups."""
    from minka.learning.models import SensitiveCount
    from minka.members.models import Group

    if not is_central() or not bundle.counts:
        return
    mine = {
        str(g) for g in Group.objects.filter(code__in=peer.group_codes).values_list("pk", flat=True)
    }
    for row in bundle.counts:
        session_id, group_id, members, guests, newcomers = row
        numbers = [int(members), int(guests), int(newcomers)]
        if str(uuid.UUID(str(group_id))) not in mine or min(numbers) < 0:
            raise _refuse(
                _("El paquete trae cuentas de asistencia que no son de %(site)s.")
                % {"site": peer.code}
            )
        SensitiveCount.objects.update_or_create(
            session_id=uuid.UUID(str(session_id)),
            defaults={
                "group_id": uuid.UUID(str(group_id)),
                "members": numbers[0],
                "guests": numbers[1],
                "newcomers": numbers[2],
            },
        )


def _count_new(out: Outcome) -> None:
    for label, ids in out.added.items():
        module_name, func = COUNT_NEW[label]
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        count = getattr(module, func, None)
        if count is not None:
            count(ids)


def apply_bundle(peer_code: str, bundle: Bundle) -> Outcome:
    """Apply all of a checked bundle, or nothing. Raises ValidationError to refuse."""
    head = bundle.head
    out = Outcome()
    try:
        with transaction.atomic():
            peer = Peer.objects.select_for_update().get(code=peer_code)
            if str(peer.organisation_id or "") != str(head.get("org") or ""):
                raise _refuse(_("El paquete es de otra organización."))
            if int(head["seq"]) <= peer.last_bundle_in:
                raise _refuse(
                    _(
                        "Este paquete ya fue leído, o es más antiguo que uno ya leído: "
                        "no se cambió nada."
                    ),
                    code="replay",
                )
            start, end = (int(x) for x in head["range"])
            if start > peer.received_upto:
                raise _refuse(
                    _(
                        "Faltan cambios anteriores de %(site)s (este servidor tiene hasta el "
                        "%(have)s; el paquete empieza después del %(start)s)."
                    )
                    % {"site": peer.code, "have": peer.received_upto, "start": start},
                    code="gap",
                )
            rank = registry.dependency_rank()

            # Parents before children; deletions after, children first; each model's
            # changes together, so they are written a few statements per model.
            def order(e: dict[str, Any]) -> tuple[int, int, str, int]:
                label, r = str(e["m"]), rank.get(str(e["m"]), 0)
                return (1, -r, label, int(e["c"])) if e["d"] is None else (0, r, label, int(e["c"]))

            for entry in bundle.changes:
                if not registry.travels(str(entry["m"])):
                    raise _refuse(
                        _("El paquete trae datos que no deben viajar (%(m)s).") % {"m": entry["m"]}
                    )
            bundle.users[""] = {}  # type: ignore[assignment]  # the lookup cache
            entries = sorted(bundle.changes, key=order)
            ids: dict[str, set[str]] = {}
            for entry in entries:
                ids.setdefault(str(entry["m"]), set()).add(str(entry["id"]))
            known = {label: Known(label, model_ids) for label, model_ids in ids.items()}
            made = list[Made]()
            for (_kind, label), run in groupby(entries, key=lambda e: order(e)[::2]):
                _apply_run(peer, label, list(run), bundle.users, known[label], out, made)
            _place(peer, made, out)
            _log(made)
            _counts(peer, bundle)
            _count_new(out)
            peer.received_upto = max(peer.received_upto, end)
            peer.highest_seen = max(peer.highest_seen, end)
            peer.acked_upto = int(head["ack"])
            peer.last_bundle_in = int(head["seq"])
            peer.last_contact = timezone.now()
            peer.save()
            if not is_central() and int(head.get("floor") or 0):
                from minka.sync.changes import raise_counter_to

                raise_counter_to(int(head["floor"]))
    except (
        IntegrityError,
        DatabaseError,
        ValueError,
        TypeError,
        KeyError,
        LookupError,
        AttributeError,
        ArithmeticError,
    ) as exc:
        raise _refuse(
            _("El paquete no se pudo aplicar (%(why)s); no se cambió nada.") % {"why": exc}
        ) from exc
    return out
