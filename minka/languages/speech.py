"""Which strings and number words have a recording, for the speaker buttons of her pages.

One query per language and process, again whenever the strings' version changes (like
the reviewed strings, freshness.py), so a page with twenty speaker buttons costs no more
than one with none, and a new recording is heard on the next page.
"""

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from minka.languages.dates import date_words
from minka.languages.freshness import Version, current_version
from minka.languages.models import NUMBER_CONTEXT, RECORDED, Recording
from minka.languages.numbers import money_words, number_words

Key = tuple[str, str]  # (context, msgid)

_known: dict[str, tuple[Version, dict[Key, str]]] = {}


def recordings_for(language: str) -> dict[Key, str]:
    """(context, msgid) -> the URL of its newest recording, for one language (es, qu or
    ay; none for English, which no member hears)."""
    language = spoken_language(language)
    if not language:
        return {}
    version = current_version()
    known = _known.get(language)
    if known is None or known[0] != version:
        rows = Recording.objects.filter(language=language).values_list(
            "context", "msgid", "id", "size"
        )
        known = (version, {(c, m): audio_url(i, s) for c, m, i, s in rows})
        _known[language] = known
    return known[1]


def spoken_language(language: str) -> str:
    """ "es", "qu" or "ay" for a page's language ("es-pe" is Spanish), else ""."""
    code = (language or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in dict(RECORDED) else ""


def audio_url(recording_id: uuid.UUID, size: int) -> str:
    # The size changes with each new take, so a browser never plays a stale one.
    return f"{reverse('recording_audio', args=[recording_id])}?v={size}"


def string_audio(msgid: str, language: str, context: str = "") -> str:
    """The URL that says this string in the language, or "" with no recording."""
    return recordings_for(language).get((context, msgid), "")


def words_audio(words: list[str], language: str) -> list[str]:
    """The URLs that say these words one after another, or [] if any word is unrecorded."""
    return keyed_audio([(NUMBER_CONTEXT, w) for w in words], language)


def keyed_audio(keys: list[Key], language: str) -> list[str]:
    """The URLs that say these (context, word) one after another, or [] if any is
    unrecorded: half a date or half a number is no help to her."""
    known = recordings_for(language)
    urls = [known.get(k, "") for k in keys]
    return urls if urls and all(urls) else []


def number_audio(n: int, language: str) -> list[str]:
    if n < 0:
        return []
    try:
        return words_audio(number_words(n, language), language)
    except ValueError:
        return []


def money_audio(amount: Decimal, language: str) -> list[str]:
    try:
        return words_audio(money_words(amount, language), language)
    except ValueError:
        return []


def date_audio(day: date, language: str) -> list[str]:
    if not spoken_language(language):
        return []
    return keyed_audio(date_words(day, language), language)
