"""Dates said aloud (the next meeting, pay day), composed from recorded words.

A date is its day said with the number words (minka.languages.numbers) and its month
said with one of twelve month words a translator records once per language, joined by
each language's little words. Pure functions, no database: minka.languages.speech finds
the recordings.

Quechua and Aymara: DRAFTS of the Minka team, awaiting a native speaker's review. Both
use the Spanish month names as loans, as people commonly say them in Cusco, Puno and
La Paz (the Inca month names, Qhapaq Raymi and so on, are little used for everyday
dates). The frames are drafts too:
- Southern Quechua: "marzo killapa pichqa p'unchawnin" (of the month March, its 5th day).
- Aymara: "marzo phaxsina phisqa uru" (in the month March, day 5).
- Spanish: "cinco de marzo", and "primero de marzo" for the first (as said in Peru).
"""

from datetime import date

from minka.languages.models import NUMBER_CONTEXT
from minka.languages.numbers import base_language, number_words

# A month name or a little word of a date is recorded under this context (said, not
# translated, like the number words).
DATE_CONTEXT = "fecha"

ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
# Drafts: the Spanish loans, as commonly used (see above).
MONTHS = {"es": ES_MONTHS, "qu": list(ES_MONTHS), "ay": list(ES_MONTHS)}
ES_OF, ES_FIRST = "de", "primero"
QU_MONTH, QU_DAY = "killapa", "p'unchawnin"
AY_MONTH, AY_DAY = "phaxsina", "uru"

Word = tuple[str, str]  # (context, word): a number word or a date word


def date_words(day: date, language: str) -> list[Word]:
    """The words that say a date's day and month, each with the context it is recorded
    under: ("número", "cinco"), ("fecha", "de"), ("fecha", "marzo")."""
    language = base_language(language)
    month = (DATE_CONTEXT, MONTHS[language][day.month - 1])
    number = [(NUMBER_CONTEXT, w) for w in number_words(day.day, language)]
    if language == "qu":
        return [month, (DATE_CONTEXT, QU_MONTH), *number, (DATE_CONTEXT, QU_DAY)]
    if language == "ay":
        return [month, (DATE_CONTEXT, AY_MONTH), *number, (DATE_CONTEXT, AY_DAY)]
    first = [(DATE_CONTEXT, ES_FIRST)] if day.day == 1 else number
    return [*first, (DATE_CONTEXT, ES_OF), month]


def date_vocabulary(language: str) -> list[str]:
    """The date words of a language (months and little words) a translator records; the
    day numbers are among the number words."""
    language = base_language(language)
    little = {"es": [ES_FIRST, ES_OF], "qu": [QU_MONTH, QU_DAY], "ay": [AY_MONTH, AY_DAY]}
    return [*MONTHS[language], *little[language]]
