"""GSM-7, segments, Peruvian numbers and the keywords, in every language."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minka.sms import gsm, phones, words
from minka.sms.words import Command


def test_segments_are_counted_as_the_network_counts_them() -> None:
    assert gsm.count("a" * 160) == gsm.Count(gsm.GSM7, 160, 1)
    assert gsm.count("a" * 161).segments == 2
    assert gsm.count("a" * 306).segments == 2
    assert gsm.count("a" * 307).segments == 3
    assert gsm.count("€" * 80) == gsm.Count(gsm.GSM7, 160, 1)  # two septets each
    assert gsm.count("á" * 70) == gsm.Count(gsm.UCS2, 70, 1)
    assert gsm.count("á" * 71).segments == 2
    assert gsm.count("á" * 134).segments == 2


def test_accents_outside_gsm7_are_dropped_and_the_rest_kept() -> None:
    assert gsm.to_gsm7("Reunión en Camacani, María") == "Reunion en Camacani, Maria"
    assert gsm.to_gsm7("Huñunakuy é ü") == "Huñunakuy é ü"  # GSM-7 has ñ, é, ü
    assert gsm.to_gsm7("“hola” — ok 😀") == '"hola" - ok ?'
    assert gsm.is_gsm7(gsm.to_gsm7("ÁÍÓÚ áíóú ç Ç ł"))


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("987 654 321", "+51987654321"),
        ("+51 987 654 321", "+51987654321"),
        ("0051-987-654-321", "+51987654321"),
        ("51987654321", "+51987654321"),
        ("(01) 456 7890", None),  # a landline in Lima
        ("98765", None),
        ("MOVISTAR", None),
        ("+1 415 555 0100", None),
        ("9" * 60, None),
        ("", None),
        ("+51+987654321", None),
    ],
)
def test_only_peruvian_mobiles_are_numbers_minka_answers(raw: str, e164: str | None) -> None:
    assert phones.normalise(raw) == e164


def test_a_number_is_shown_in_groups_of_three() -> None:
    assert phones.display("+51987654321") == "+51 987 654 321"


@pytest.mark.parametrize(
    ("text", "command", "language", "pin"),
    [
        ("SALDO", Command.BALANCE, "es", None),
        ("saldo 1234", Command.BALANCE, "es", "1234"),
        ("  Saldo,1234 ", Command.BALANCE, "es", "1234"),
        ("1", Command.BALANCE, None, None),
        ("2 4321", Command.WORK, None, "4321"),
        ("3", Command.MEETING, None, None),
        ("Reunión", Command.MEETING, "es", None),
        ("qullqi", Command.BALANCE, None, None),
        ("llamk'ay", Command.WORK, "qu", None),
        ("Huñunakuy", Command.MEETING, "qu", None),
        ("tantachawi", Command.MEETING, "ay", None),
        ("irnaqawi 0000", Command.WORK, "ay", "0000"),
        ("ayuda", Command.HELP, "es", None),
        ("hola", None, None, None),
        ("SALDO 12345", Command.BALANCE, "es", None),
        ("", None, None, None),
    ],
)
def test_keywords_in_three_languages_and_digits(
    text: str, command: Command | None, language: str | None, pin: str | None
) -> None:
    req = words.read(text)
    assert (req.command, req.language, req.pin) == (command, language, pin)


def test_she_is_answered_in_the_language_she_wrote_when_it_is_hers() -> None:
    assert words.language_for(["qu", "es"], "es") == "es"
    assert words.language_for(["qu", "es"], None) == "qu"
    assert words.language_for(["ay"], "es") == "ay"
    assert words.language_for([], None) == "es"


def test_every_answer_is_gsm7_and_every_language_has_every_answer() -> None:
    keys = set(words.TEXTS["es"])
    for lang, texts in words.TEXTS.items():
        assert set(texts) == keys, lang
        for key, text in texts.items():
            assert gsm.is_gsm7(text), (lang, key)
    assert gsm.is_gsm7(words.UNKNOWN_NUMBER) and gsm.fits_one(words.UNKNOWN_NUMBER)


def test_quechua_and_aymara_are_marked_as_drafts() -> None:
    assert sorted(words.DRAFT_LANGUAGES) == ["ay", "qu"]
    source = Path(words.__file__).read_text(encoding="utf-8")
    assert "DRAFT_QU" in source and "DRAFT_AY" in source


@given(st.text(max_size=2000))
def test_any_text_becomes_gsm7_and_an_answer_never_exceeds_three_segments(text: str) -> None:
    from minka.sms.answers import MAX_SEGMENTS, finish

    assert gsm.is_gsm7(gsm.to_gsm7(text))
    assert gsm.count(finish(text)).segments <= MAX_SEGMENTS


@given(st.text(max_size=300))
def test_reading_any_message_never_fails(text: str) -> None:
    req = words.read(text)
    assert req.pin is None or words.PIN_RE.match(req.pin)
    assert len(req.word) <= 20
