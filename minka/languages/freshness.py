"""Which reviewed strings and recordings are in force: one small query a request.

Each process keeps the reviewed strings (laid over the catalogs, catalog.py) and the list
of recordings (speech.py) in memory, and reloads them when this version changes. The
version is read from the rows themselves: how many there are and when the newest was
saved (reviewed_at and recorded_at change on every save), so no write can forget to
bump it. The middleware reads it once per request; pages that keep something rendered
in a language (her statement) put it in their cache key.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from minka.languages.models import Recording, ReviewedString

Version = tuple[object, ...]

_request_version: ContextVar[Version | None] = ContextVar("strings_version", default=None)


def strings_version() -> Version:
    """Read now: (recordings, newest recording, reviews, newest review)."""
    q = connection.ops.quote_name
    rec, rev = q(Recording._meta.db_table), q(ReviewedString._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {rec}), (SELECT MAX({q('recorded_at')}) FROM {rec}),"
            f" (SELECT COUNT(*) FROM {rev}), (SELECT MAX({q('reviewed_at')}) FROM {rev})"
        )
        row = cursor.fetchone()
    return tuple(row)


def current_version() -> Version:
    """The version read for this request, or (outside a request) read now."""
    version = _request_version.get()
    return version if version is not None else strings_version()


@contextmanager
def version_for_request() -> Iterator[Version]:
    """Read the version once; everything in this request uses that reading."""
    token = _request_version.set(strings_version())
    try:
        yield current_version()
    finally:
        _request_version.reset(token)
