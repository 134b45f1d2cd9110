"""Recording every change of a travelling record, in the write's own transaction.

MinkaModel.save(), the tracked bulk writes of its queryset and every delete (Django's
delete collector visits each row, cascades included, because a receiver is connected)
call record(). The counter row is locked for the rest of the transaction, so counters
are handed out in commit order and never twice.
"""

import contextlib
import uuid
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from minka.lib.models import MinkaModel, register_change_recorder
from minka.sync import registry
from minka.sync.models import Change, Counter
from minka.sync.roles import here, is_central

_applying: ContextVar[bool] = ContextVar("sync_applying", default=False)


@contextlib.contextmanager
def applying() -> Iterator[None]:
    """Writes made while applying a peer's bundle: recorded by the applier, not here."""
    token = _applying.set(True)
    try:
        yield
    finally:
        _applying.reset(token)


def next_counters(count: int) -> int:
    """Reserve `count` counters; returns the first. Call inside a transaction: the
    UPDATE's own lock holds the counter row until the transaction ends."""
    # One statement rather than a locking read and then a write: every tracked write,
    # every visit that writes the access log, pays for it.
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(Counter._meta.db_table)} SET {quote('value')} = {quote('value')} + %s "
        f"WHERE {quote('name')} = %s RETURNING {quote('value')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, "local"])
        row = cursor.fetchone()
    if row is None:  # the first write on this server
        Counter.objects.create(name="local", value=0)
        return next_counters(count)
    return int(row[0]) - count + 1


def raise_counter_to(value: int) -> None:
    """A restored site is told by central to go past what it already sent."""
    with transaction.atomic():
        next_counters(0)
        Counter.objects.filter(name="local", value__lt=value).update(value=value)


def walk(obj: Any, path: str) -> uuid.UUID | None:
    """The id at the end of a path like 'delivery__allocation__line__order__group'."""
    if path == "":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    value: uuid.UUID | None = getattr(obj, f"{last}_id")
    return value


def scope_of(obj: Any) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(group id, organisation id) of a record."""
    label = obj._meta.label
    group_path = registry.UP.get(label)
    if group_path is not None:
        return walk(obj, group_path), None
    org_path = registry.organisation_path(label)
    return None, walk(obj, org_path) if org_path is not None else None


def _latest(label: str, record_id: Any) -> Change | None:
    return Change.objects.filter(model=label, record_id=record_id).order_by("-id").first()


def _latest_of(label: str, ids: list[Any]) -> dict[Any, Change]:
    """The latest change of each record, for a bulk write: one query per 500 records
    instead of one per record."""
    if len(ids) == 1:
        one = _latest(label, ids[0])
        return {ids[0]: one} if one is not None else {}
    latest: dict[Any, Change] = {}
    for at in range(0, len(ids), 500):
        rows = (
            Change.objects.filter(model=label, record_id__in=ids[at : at + 500])
            .only("record_id", "origin", "counter")
            .order_by("-id")
        )
        for change in rows:
            latest.setdefault(change.record_id, change)
    return latest


def record(objs: Sequence[MinkaModel], deleted: bool) -> None:
    if _applying.get():
        return
    label = objs[0]._meta.label
    if not registry.travels(label):
        return
    # Always inside the write's own transaction (save, bulk writes, the delete collector):
    # no savepoint of its own, so a failure here fails the write.
    with transaction.atomic(savepoint=False):
        first = next_counters(len(objs))
        now = timezone.now()
        central = is_central()
        # An append-only record is only ever inserted: it has no earlier version.
        append_only = label in registry.APPEND_ONLY
        rows = []
        latest = {} if append_only else _latest_of(label, [obj.pk for obj in objs])
        for i, obj in enumerate(objs):
            base = None if append_only else latest.get(obj.pk)
            group_id, org_id = scope_of(obj) if central else (None, None)
            rows.append(
                Change(
                    origin=here(),
                    counter=first + i,
                    model=label,
                    record_id=obj.pk,
                    deleted=deleted,
                    base_origin=base.origin if base else "",
                    base_counter=base.counter if base else None,
                    group_id=group_id,
                    organisation_id=org_id,
                    changed_at=now,
                )
            )
        Change.objects.bulk_create(rows)


def _on_delete(sender: type[models.Model], instance: MinkaModel, **kwargs: Any) -> None:
    record([instance], True)


def connect() -> None:
    from minka.sync.owner import check_owner

    register_change_recorder(record, check_owner, registry.travels)
    for label in registry.TRAVELS:
        if label == "auth.User":
            continue
        model = apps.get_model(label)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"sync-delete-{label}")
