"""Applying a peer's bundle: checked first, then all of it in one transaction.

A change is applied once, by record id and (origin, counter). A change made on a stale
copy of a record (its base is not the version here) is held for a person on central, or,
on a site, dropped in favour of the site's own version. Append-only records are only
ever INSERTed.
"""

import importlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from minka.sync import registry
from minka.sync.bundle import Bundle
from minka.sync.changes import applying
from minka.sync.models import Change, HeldChange, Peer
from minka.sync.roles import is_central

# Caches that central rebuilds from applied rows (module, function taking group ids).
REBUILD_AFTER = {"ledger.LedgerEntry": ("minka.ledger.totals", "totals_rebuild")}


@dataclass
class Outcome:
    applied: int = 0
    skipped: int = 0
    held: int = 0
    groups: set[uuid.UUID] = field(default_factory=set)
    rebuild: dict[str, set[Any]] = field(default_factory=dict)


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


class Batch:
    """What is already here for the records of one bundle, read in a few queries."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        ids = {str(e["id"]) for e in entries}
        self.seen = {
            (c.origin, c.counter, str(c.record_id))
            for c in Change.objects.filter(
                counter__in={int(e["c"]) for e in entries}, record_id__in=ids
            ).only("origin", "counter", "record_id")
        }
        self.latest: dict[str, list[Any]] = {}
        for c in (
            Change.objects.filter(record_id__in=ids)
            .order_by("id")
            .only("origin", "counter", "record_id")
        ):
            self.latest[str(c.record_id)] = [c.origin, c.counter]
        self.exists: set[str] = set()
        by_model: dict[str, list[str]] = {}
        for e in entries:
            by_model.setdefault(str(e["m"]), []).append(str(e["id"]))
        for label, model_ids in by_model.items():
            if registry.travels(label):
                model = apps.get_model(label)
                found = model._default_manager.filter(pk__in=model_ids).values_list("pk", flat=True)
                self.exists |= {str(pk) for pk in found}


def apply_entry(
    peer: Peer, entry: dict[str, Any], users: Any, out: Outcome, batch: Batch, made: list[Change]
) -> None:
    label, record_id = str(entry["m"]), str(entry["id"])
    origin, counter = str(entry["o"]), int(entry["c"])
    if not registry.travels(label):
        raise _refuse(_("El paquete trae datos que no deben viajar (%(m)s).") % {"m": label})
    if (origin, counter, record_id) in batch.seen:
        out.skipped += 1
        return
    base = entry.get("b")
    here_version = batch.latest.get(record_id)
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
        return
    obj = write(label, record_id, entry["d"], users, exists=record_id in batch.exists)
    batch.exists.add(record_id)
    batch.latest[record_id] = [origin, counter]
    if label in REBUILD_AFTER and obj is not None:
        out.rebuild.setdefault(label, set()).add(getattr(obj, "group_id", None))
    changed_at = parse_datetime(str(entry["t"])) or timezone.now()
    made.append(
        Change(
            origin=origin,
            counter=counter,
            model=label,
            record_id=record_id,
            deleted=entry["d"] is None,
            base_origin=base[0] if base else "",
            base_counter=base[1] if base else None,
            changed_at=changed_at,
        )
    )
    out.applied += 1


def _place(peer: Peer, made: list[Change], out: Outcome) -> None:
    """On central: find each applied record's group, and refuse a group not the site's."""
    from minka.members.models import Group

    if not is_central():
        return
    by_model: dict[str, list[Change]] = {}
    for change in made:
        if change.model in registry.UP and not change.deleted:
            by_model.setdefault(change.model, []).append(change)
    group_of: dict[str, Any] = {}
    for label, changes in by_model.items():
        path = registry.UP[label] or "pk"
        model = apps.get_model(label)
        rows = model._default_manager.filter(pk__in=[c.record_id for c in changes])
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


def _rebuild(out: Outcome) -> None:
    for label, groups in out.rebuild.items():
        module_name, func = REBUILD_AFTER[label]
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        rebuild = getattr(module, func, None)
        if rebuild is not None:
            rebuild({g for g in groups if g})


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

            # Parents before children; deletions after, children first.
            def order(e: dict[str, Any]) -> tuple[int, int, int]:
                r = rank.get(str(e["m"]), 0)
                return (1, -r, int(e["c"])) if e["d"] is None else (0, r, int(e["c"]))

            bundle.users[""] = {}  # type: ignore[assignment]  # the lookup cache
            entries = sorted(bundle.changes, key=order)
            batch, made = Batch(entries), list[Change]()
            for entry in entries:
                apply_entry(peer, entry, bundle.users, out, batch, made)
            _place(peer, made, out)
            Change.objects.bulk_create(made)
            _counts(peer, bundle)
            _rebuild(out)
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
