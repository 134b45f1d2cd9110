from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


@contextmanager
def record_language() -> Iterator[None]:
    """Text saved into a record (a ledger line, a reason for a share) is written in the
    group's language, Spanish, whatever language the screen shows: receipts and other
    members' pages print it later."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
