"""The base every Minka record is built on: a UUID key and the site it was made on."""

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
