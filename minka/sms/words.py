"""What a member may send, and the words Minka answers with, in her three languages.

The Spanish is Minka's own. EVERY QUECHUA AND AYMARA WORD HERE IS A DRAFT written without
a native speaker: keywords and answers are marked DRAFT_QU / DRAFT_AY and must be reviewed
by the group's translator (docs/user-guide.md, "Mensajes de texto") before a group relies
on them. Spellings follow the official alphabets (Southern Quechua, Aymara); common
variants are accepted as keywords because members write as they speak.

These texts are not in the gettext catalogue: an SMS goes out in the member's language
(Member.languages), not in the language of whoever is logged in, and Quechua and Aymara
are not interface languages. Every template is GSM-7 (tests check it).
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

ES, QU, AY = "es", "qu", "ay"
LANGUAGES = (ES, QU, AY)
DRAFT_LANGUAGES = frozenset({QU, AY})  # not yet reviewed by native speakers


class Command(StrEnum):
    BALANCE = "balance"
    WORK = "work"
    MEETING = "meeting"
    HELP = "help"


# keyword (upper case, no accents, no apostrophes) -> (command, language or None for any)
KEYWORDS: dict[str, tuple[Command, str | None]] = {
    "1": (Command.BALANCE, None),
    "2": (Command.WORK, None),
    "3": (Command.MEETING, None),
    "0": (Command.HELP, None),
    "SALDO": (Command.BALANCE, ES),
    "PLATA": (Command.BALANCE, ES),
    "TRABAJO": (Command.WORK, ES),
    "ENCARGO": (Command.WORK, ES),
    "REUNION": (Command.MEETING, ES),
    "ASAMBLEA": (Command.MEETING, ES),
    "AYUDA": (Command.HELP, ES),
    "MENU": (Command.HELP, ES),
    # DRAFT_QU: qullqi / qolqe (money), llamk'ay (work), huñunakuy (meeting), yanapay (help)
    "QULLQI": (Command.BALANCE, None),  # the same word in Quechua and Aymara
    "QOLQE": (Command.BALANCE, QU),
    "LLAMKAY": (Command.WORK, QU),
    "LLANKAY": (Command.WORK, QU),
    "HUNUNAKUY": (Command.MEETING, QU),
    "YANAPAY": (Command.HELP, QU),
    # DRAFT_AY: qullqi (money), irnaqawi (work), tantachawi (meeting), yanapa (help)
    "IRNAQAWI": (Command.WORK, AY),
    "TANTACHAWI": (Command.MEETING, AY),
    "YANAPA": (Command.HELP, AY),
}

PIN_RE = re.compile(r"^\d{4}$")
_SEPARATORS = re.compile(r"[^A-Z0-9]+")


@dataclass(frozen=True)
class Request:
    command: Command | None  # None: a word Minka does not know
    language: str | None  # the language of the keyword, if it says one
    pin: str | None
    word: str  # the first word as read, for the record


def read(text: str) -> Request:
    """'saldo 1234' -> BALANCE with PIN 1234; 'Huñunakuy' -> MEETING in Quechua."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text.upper()) if not unicodedata.combining(c)
    )
    plain = plain.replace("'", "").replace("\u2019", "")
    words = [w for w in _SEPARATORS.split(plain) if w]
    if not words:
        return Request(None, None, None, "")
    first = words[0][:20]
    pin = next((w for w in words[1:3] if PIN_RE.match(w)), None)
    command, language = KEYWORDS.get(first, (None, None))
    return Request(command, language, pin, first)


def language_for(member_languages: list[str], keyword_language: str | None) -> str:
    """Answer in the language she wrote in when it is one of hers, else in her first."""
    hers = [lang for lang in member_languages if lang in LANGUAGES]
    if keyword_language in hers:
        return str(keyword_language)
    return hers[0] if hers else ES


# Answer templates. Placeholders are filled with GSM-7 text (see answers.py).
TEXTS: dict[str, dict[str, str]] = {
    ES: {
        "balance_owed": "{name}: su saldo es {amount} a su favor. Minka {group}",
        "balance_zero": "{name}: su saldo es {amount}. Minka {group}",
        "balance_debt": "{name}: usted debe {amount} (adelantos). Minka {group}",
        "work": "{name}, su trabajo: {items}",
        "work_item": "{pieces} {product} hasta {due}",
        "work_none": "{name}, no tiene trabajo pendiente. Minka {group}",
        "more": "y {n} mas",
        "meeting": "{kind}: {day}. Minka {group}",
        "meeting_none": "No hay reunion programada. Minka {group}",
        "weekly": "Reunion",
        "assembly": "Asamblea",
        "help": "Minka {group}: envie 1 o SALDO, 2 o TRABAJO, 3 o REUNION.",
        "help_pin": "Minka {group}: envie la palabra y su clave, por ejemplo: SALDO 1234",
        "pin_locked": "Minka {group}: su clave esta bloqueada. Pida una nueva a su coordinadora.",
        "notice_payout": "Minka {group}: le pagamos {amount} el {day}, recibo {number}.",
        "notice_allocation": "Minka {group}: nuevo encargo, {pieces} {product} hasta {due}.",
        "notice_meeting": "Minka {group}: {kind} el {day}.",
        "notice_training": "Minka {group}: capacitacion {topic}, desde el {day}.",
    },
    # DRAFT_QU: Southern Quechua, to be reviewed by a native speaker.
    QU: {
        "balance_owed": "{name}: qullqiyki {amount}. Minka {group}",
        "balance_zero": "{name}: qullqiyki {amount}. Minka {group}",
        "balance_debt": "{name}: manuyki {amount}. Minka {group}",
        "work": "{name}, llamk'anaykikuna: {items}",
        "work_item": "{pieces} {product} {due} kama",
        "work_none": "{name}, manam llamk'anayki kanchu. Minka {group}",
        "more": "{n} astawan",
        "meeting": "{kind}: {day}. Minka {group}",
        "meeting_none": "Manam huñunakuy kanchu. Minka {group}",
        "weekly": "Huñunakuy",
        "assembly": "Hatun huñunakuy",
        "help": "Minka {group}: 1 QULLQI, 2 LLAMKAY, 3 HUÑUNAKUY apachimuy.",
        "help_pin": "Minka {group}: simita claveykiwan apachimuy: QULLQI 1234",
        "pin_locked": "Minka {group}: claveyki wichqasqa. Coordinadoraykita musuqta mañakuy.",
        "notice_payout": "Minka {group}: {amount} qullqita {day} p'unchaw qupuyku. {number}",
        "notice_allocation": "Minka {group}: musuq llamk'ay, {pieces} {product} {due} kama.",
        "notice_meeting": "Minka {group}: {kind} {day} p'unchaw.",
        "notice_training": "Minka {group}: yachachiy {topic}, {day} p'unchawmanta.",
    },
    # DRAFT_AY: Aymara, to be reviewed by a native speaker.
    AY: {
        "balance_owed": "{name}: qullqimaxa {amount}. Minka {group}",
        "balance_zero": "{name}: qullqimaxa {amount}. Minka {group}",
        "balance_debt": "{name}: manumaxa {amount}. Minka {group}",
        "work": "{name}, irnaqawimaxa: {items}",
        "work_item": "{pieces} {product} {due} kama",
        "work_none": "{name}, janiw irnaqawimax utjkiti. Minka {group}",
        "more": "{n} juk'ampi",
        "meeting": "{kind}: {day}. Minka {group}",
        "meeting_none": "Janiw tantachawix utjkiti. Minka {group}",
        "weekly": "Tantachawi",
        "assembly": "Jach'a tantachawi",
        "help": "Minka {group}: 1 QULLQI, 2 IRNAQAWI, 3 TANTACHAWI apayanim.",
        "help_pin": "Minka {group}: arunak claveman apayanim: QULLQI 1234",
        "pin_locked": "Minka {group}: claveman jist'antatawa. Coordinadoramar machaqa mayim.",
        "notice_payout": "Minka {group}: {amount} qullqi {day} urux churapxsma. {number}",
        "notice_allocation": "Minka {group}: machaq irnaqawi, {pieces} {product} {due} kama.",
        "notice_meeting": "Minka {group}: {kind} {day} uru.",
        "notice_training": "Minka {group}: yatichawi {topic}, {day} urut qallta.",
    },
}

# A number on no member's record has no known language: Spanish, which every group reads.
UNKNOWN_NUMBER = "Minka: este celular no esta registrado. Pida a su coordinadora que lo anote."
