"""The base every Minka record is built on: a UUID key, the site it was made on, and a
write path that records every change for sync in the same transaction as the write.

The recorder itself lives in minka.sync (it knows every app); it registers here when
Django starts, so this module keeps no domain knowledge. A write with no recorder
registered is refused rather than silently left out of sync.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.db import models, transaction

from minka.lib.ids import uuid7

M = TypeVar("M", bound="MinkaModel")


class UntrackedWriteError(Exception):
    """A write that would change rows without recording the change for sync."""


# Called with the saved (or deleted) records inside the write's own transaction.
Recorder = Callable[[Sequence["MinkaModel"], bool], None]
# Called before a save of an existing record: raises when this server may not change it.
OwnerCheck = Callable[["MinkaModel"], None]
_recorder: Recorder | None = None
_owner_check: OwnerCheck | None = None
_travels: Callable[[str], bool] = lambda label: True  # noqa: E731


def register_change_recorder(
    recorder: Recorder, owner_check: OwnerCheck, travels: Callable[[str], bool]
) -> None:
    global _recorder, _owner_check, _travels
    _recorder, _owner_check, _travels = recorder, owner_check, travels


def record_changes(objs: Sequence["MinkaModel"], *, deleted: bool = False) -> None:
    if not objs:
        return
    if _recorder is None:
        raise UntrackedWriteError("no change recorder: is minka.sync in INSTALLED_APPS?")
    _recorder(objs, deleted)


def current_site_code() -> str:
    return str(settings.MINKA_SITE_CODE)


class TrackedQuerySet(models.QuerySet[Any]):
    """Bulk writes that record their changes, and refuse the ones that cannot."""

    def update(self, **kwargs: Any) -> int:
        if getattr(self, "_tracked", False) or not _travels(self.model._meta.label):
            return super().update(**kwargs)  # recorded by tracked_update, or never travels
        raise UntrackedWriteError(
            f"{self.model._meta.label}: .update() would skip sync; use .tracked_update()"
        )

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        if not _travels(self.model._meta.label):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        raise UntrackedWriteError(
            f"{self.model._meta.label}: .bulk_update() would skip sync; save each record"
        )

    def tracked_update(self, **kwargs: Any) -> int:
        """UPDATE the rows, then record each changed record, in one transaction."""
        with transaction.atomic():
            ids = list(self.values_list("pk", flat=True))
            rows = self.model._default_manager.filter(pk__in=ids)
            rows._tracked = True
            count = rows.update(**kwargs)
            record_changes(list(self.model._default_manager.filter(pk__in=ids)))
        return count

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        with transaction.atomic():
            made = super().bulk_create(objs, *args, **kwargs)
            record_changes(made)
        return made


class TrackedManager(models.Manager.from_queryset(TrackedQuerySet)):  # type: ignore[misc]  # from_queryset builds the base class at run time
    pass


class MinkaModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    site = models.CharField(max_length=8, default=current_site_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrackedManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The change is recorded in the same transaction as the row, so neither exists
        # without the other; a crash between them is impossible.
        if not self._state.adding and _owner_check is not None:
            _owner_check(self)
        with transaction.atomic():
            super().save(*args, **kwargs)
            record_changes([self])


class AppendOnlyError(Exception):
    """A write that would change or remove a row that is written once."""


class AppendOnlyQuerySet(TrackedQuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("this record cannot be changed; add a new one")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("this record cannot be deleted; add a new one")


class AppendOnly(MinkaModel):
    """A row that is written once and never changed: a mistake is corrected by a new row."""

    objects = AppendOnlyQuerySet.as_manager()  # type: ignore[assignment,misc]  # a tracked manager in place of the base one

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("this record cannot be changed; add a new one")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("this record cannot be deleted; add a new one")
