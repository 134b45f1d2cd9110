"""The base every Minka record is built on: a UUID key and the site it was made on."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from minka.lib.ids import uuid7


def current_site_code() -> str:
    return str(settings.MINKA_SITE_CODE)


class MinkaModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    site = models.CharField(max_length=8, default=current_site_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """A write that would change or remove a row that is written once."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("this record cannot be changed; add a new one")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("this record cannot be deleted; add a new one")


class AppendOnly(MinkaModel):
    """A row that is written once and never changed: a mistake is corrected by a new row."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("this record cannot be changed; add a new one")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("this record cannot be deleted; add a new one")
