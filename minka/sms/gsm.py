"""The GSM-7 alphabet and SMS segment counting.

A basic phone shows what the network delivers: a message made only of GSM-7 characters
costs one segment per 160 (153 when it is split), while a single character outside it
(an á, a curly quote, an emoji) turns the whole message into UCS-2: 70 (67) a segment.
So answers are written in GSM-7 and anything else is transliterated before it is counted.
"""

import math
import unicodedata
from dataclasses import dataclass

# 3GPP TS 23.038 default alphabet (the escape 0x1B left out) and its extension table,
# whose characters take two septets each.
BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = "^{}\\[~]|€\f"
_BASIC = frozenset(BASIC)
_EXTENSION = frozenset(EXTENSION)

# Typographic characters a phone keyboard or a copied name may bring in.
_LOOKALIKES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\t": " ",
    "\u00ba": "o",
    "\u00aa": "a",
    "\u00b0": "o",
}

GSM7 = "gsm7"
UCS2 = "ucs2"


def is_gsm7(text: str) -> bool:
    return all(c in _BASIC or c in _EXTENSION for c in text)


def to_gsm7(text: str) -> str:
    """The text in GSM-7: characters outside it lose their accents (á -> a) or become
    their plain look-alike; what has neither becomes '?'. é, ñ and ü are GSM-7 and stay."""
    out: list[str] = []
    for c in text:
        if c in _BASIC or c in _EXTENSION:
            out.append(c)
        elif c in _LOOKALIKES:
            out.append(_LOOKALIKES[c])
        else:
            base = "".join(
                b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b)
            )
            out.append(base if base and is_gsm7(base) else "?")
    return "".join(out)


@dataclass(frozen=True)
class Count:
    encoding: str  # GSM7 or UCS2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def count(text: str) -> Count:
    """How the network will carry this text: its encoding and number of segments."""
    if is_gsm7(text):
        units = sum(2 if c in _EXTENSION else 1 for c in text)
        single, part = 160, 153
        encoding = GSM7
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
        encoding = UCS2
    segments = 1 if units <= single else math.ceil(units / part)
    return Count(encoding, units, segments)


def fits_one(text: str) -> bool:
    return count(text).segments == 1
