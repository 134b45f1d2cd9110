"""The drafted catalogs as shipped, and the reviewed strings laid over them at run time."""

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.utils.translation import trans_real

from minka.languages.freshness import Version, current_version
from minka.languages.models import ReviewedString

LOCALE = Path(settings.BASE_DIR) / "locale"
CONTEXT_SEPARATOR = "\x04"  # how gettext joins a context to its msgid in a catalog


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    draft: str


@cache
def drafts(language: str) -> tuple[Entry, ...]:
    """Every string of the shipped catalog of a language, with its draft (may be "")."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return ()
    return tuple(
        Entry(context=e.msgctxt or "", msgid=e.msgid, draft=e.msgstr)
        for e in polib.pofile(str(path))
        if not e.obsolete and not e.msgid_plural
    )


@cache
def sources(language: str) -> tuple[Entry, ...]:
    """The strings a translator of a language reviews or records. For Spanish, the source:
    the member-facing strings (those the Quechua catalog carries), said as written."""
    if language == "es":
        return tuple(Entry(context=e.context, msgid=e.msgid, draft=e.msgid) for e in drafts("qu"))
    return drafts(language)


def _key(context: str, msgid: str) -> str:
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid


# One overlay per language and process, laid over Django's catalog once and then kept
# up to date in place; reloaded when the strings' version (freshness.py) changes.
_overlays: dict[str, dict[str, str]] = {}
_versions: dict[str, Version] = {}
_lock = threading.Lock()


def reviewed_apply(language: str) -> None:
    """Make reviewed strings of this language win over the drafts in this process."""
    if language not in dict(ReviewedString._meta.get_field("language").choices or []):
        return
    version = current_version()
    if _versions.get(language) == version:
        return
    # Django's catalog stack is private; this module is the one place that reaches it.
    catalog: Any = trans_real.translation(language)._catalog  # type: ignore[attr-defined]  # private stack
    with _lock:
        overlay = _overlays.get(language)
        if overlay is None:
            overlay = {}
            _overlays[language] = overlay
            # Django keeps a stack of catalogs and reads the first that has the key.
            catalog._catalogs.insert(0, overlay)
            catalog._plurals.insert(0, lambda n: 0)
        if _versions.get(language) == version:
            return
        rows = ReviewedString.objects.filter(language=language).values_list(
            "context", "msgid", "text"
        )
        overlay.clear()
        overlay.update({_key(c, m): t for c, m, t in rows})
        _versions[language] = version
