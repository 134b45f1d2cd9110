"""Numbers said aloud, composed from recorded number words, in each language's grammar.

A member hears her balance as a sequence of words a translator recorded once each:
units, tens, hundreds, thousands, "soles" and "céntimos". This module only composes the
words (pure functions, no database); minka.languages.audio finds their recordings.

Spanish follows the Real Academia's rules (veintiún, ciento/cien, un sol). The Quechua
and Aymara grammars are DRAFTS of the Minka team, awaiting a native speaker's review:

- Southern Quechua: chunka 10, pachak 100, waranqa 1,000; a multiplier goes before
  (iskay chunka = 20) and a unit after a ten takes -yuq, or -niyuq after a consonant
  (chunka hukniyuq = 11, iskay chunka pichqayuq = 25).
- Aymara: tunka 10, pataka 100, waranqa 1,000; a multiplier goes before (pä tunka = 20,
  "paya" shortens to "pä") and a unit after a ten takes -ni (tunka mayani = 11).
"""

from decimal import ROUND_HALF_UP, Decimal

from minka.lib.spanish_numbers import below_million as _es

# Each language's words, by the number they stand for; suffixed units are words of
# their own, recorded whole (a translator says "hukniyuq", not "huk" + "niyuq").
QU_UNITS = ["", "huk", "iskay", "kimsa", "tawa", "pichqa", "suqta", "qanchis", "pusaq", "isqun"]
QU_LINKED = [
    "",
    "hukniyuq",
    "iskayniyuq",
    "kimsayuq",
    "tawayuq",
    "pichqayuq",
    "suqtayuq",
    "qanchisniyuq",
    "pusaqniyuq",
    "isqunniyuq",
]
AY_UNITS = [
    "",
    "maya",
    "paya",
    "kimsa",
    "pusi",
    "phisqa",
    "suxta",
    "paqallqu",
    "kimsaqallqu",
    "llatunka",
]
AY_LINKED = ["", *(u + "ni" for u in AY_UNITS[1:])]
AY_MULTIPLIER = ["", "", "pä", *AY_UNITS[3:]]

LIMIT = 1_000_000  # a member's balance stays far below a million soles
SOLES, CENTIMOS = "soles", "céntimos"
UN_SOL = "sol"


def _andean_below_thousand(
    n: int,
    units: list[str],
    linked: list[str],
    mult: list[str],
    ten: str,
    hundred: str,
    preceded: bool = False,
) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    if hundreds:
        words += ([mult[hundreds]] if hundreds > 1 else []) + [hundred]
    if tens:
        words += ([mult[tens]] if tens > 1 else []) + [ten]
    if unit:
        # A unit after a ten or a hundred is linked to it (-yuq / -ni); alone it is bare.
        words.append(linked[unit] if (tens or hundreds or preceded) else units[unit])
    return words


def _andean(n: int, language: str) -> list[str]:
    if language == "qu":
        units, linked, mult = QU_UNITS, QU_LINKED, QU_UNITS
        ten, hundred, thousand = "chunka", "pachak", "waranqa"
    else:
        units, linked, mult = AY_UNITS, AY_LINKED, AY_MULTIPLIER
        ten, hundred, thousand = "tunka", "pataka", "waranqa"
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        if 1 < thousands < 10:
            words.append(mult[thousands])
        elif thousands >= 10:
            words += _andean_below_thousand(thousands, units, linked, mult, ten, hundred)
        words.append(thousand)
    if rest:
        words += _andean_below_thousand(
            rest, units, linked, mult, ten, hundred, preceded=bool(thousands)
        )
    return words


ZERO = {"es": "cero", "qu": "ch'usaq", "ay": "ch'usa"}


def number_words(n: int, language: str) -> list[str]:
    """The words that say a whole number 0..999,999 in a language (es, qu or ay)."""
    language = base_language(language)
    if not 0 <= n < LIMIT:
        raise ValueError(f"{n} is out of range")
    if n == 0:
        return [ZERO[language]]
    if language == "es":
        return _es(n, apocope=False)
    return _andean(n, language)


def money_words(amount: Decimal, language: str) -> list[str]:
    """An amount in soles said in words: "ciento veinte soles con cincuenta céntimos"."""
    language = base_language(language)
    amount = abs(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    soles = int(amount)
    cents = int((amount - soles) * 100)
    if language == "es":
        words = _es(soles, apocope=True) if soles else [ZERO["es"]]
        words.append(UN_SOL if soles == 1 else SOLES)
        if cents:
            words += ["con", *_es(cents, apocope=True), CENTIMOS]
        return words
    words = [*number_words(soles, language), SOLES]
    if cents:
        words += [*number_words(cents, language), CENTIMOS]
    return words


def base_language(language: str) -> str:
    code = (language or "es").split("-")[0].lower()
    return code if code in ("qu", "ay") else "es"


def vocabulary(language: str) -> list[str]:
    """Every word these functions may say in a language: what a translator records."""
    language = base_language(language)
    seen: dict[str, None] = {}
    samples = [*range(0, 1000), *range(1000, 10000, 1000), 11000, 21000, 100000, 200000]
    for n in samples:
        for word in number_words(n, language):
            seen.setdefault(word, None)
    for cents in ("1.00", "1.01", "21.21", "2.50"):
        for word in money_words(Decimal(cents), language):
            seen.setdefault(word, None)
    return list(seen)
