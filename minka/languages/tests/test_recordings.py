"""Hear it: teresa (treasurer, Quechua translator) records strings and number words; maria
(a member who reads Quechua best) sees a speaker button only where a recording exists.
lucia (another group) may not record for Camacani."""

import struct
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from minka.conftest import World
from minka.languages.catalog import drafts
from minka.languages.models import NUMBER_CONTEXT, Recording
from minka.languages.numbers import money_words, number_words, vocabulary
from minka.languages.views import entry_key, number_entries

TONE = (Path(__file__).parent / "data" / "tone.webm").read_bytes()  # made by Chromium


def ogg_opus(*, end: bool = True) -> bytes:
    """A tiny Ogg file with an Opus head, tags and one packet (as Firefox records)."""

    def page(payload: bytes, number: int, flags: int) -> bytes:
        header = b"OggS" + bytes([0, flags]) + struct.pack("<qII", 0, 1, number)
        return header + b"\0\0\0\0" + bytes([1, len(payload)]) + payload

    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    return (
        page(head, 0, 0x02)
        + page(b"OpusTags" + b"\0" * 8, 1, 0)
        + page(b"\xfc" + b"\x11" * 40, 2, 0x04 if end else 0)
    )


def record(client: Client, world: World, key: str, data: bytes, name: str = "take.webm"):
    return client.post(
        reverse("translation_record", args=[world.camacani.id, "qu"]),
        {"key": key, "audio": SimpleUploadedFile(name, data, content_type="audio/webm")},
        follow=True,
    )


def key_of(msgid: str) -> str:
    return entry_key(next(e for e in drafts("qu") if e.msgid == msgid))


def statement(world: World) -> str:
    return reverse("member_statement", args=[world.camacani.id, world.maria.id])


def test_a_translator_records_a_label_and_maria_hears_it_on_tap(world: World, teresa) -> None:
    maria = world.client_for(world.maria_user)
    maria.post("/i18n/setlang/", {"language": "qu", "next": "/"})
    page = maria.get(statement(world)).content.decode()
    assert "<audio" not in page, "no recording yet: no button, not a broken one"

    response = record(teresa, world, key_of("recibido"), TONE)
    assert "Grabación guardada" in response.content.decode()
    take = Recording.objects.get(msgid="recibido", language="qu")
    assert take.content_type == "audio/webm" and take.size == len(TONE)
    assert take.recorded_by == world.teresa

    page = maria.get(statement(world)).content.decode()
    assert page.count('<audio preload="none"') == 1
    url = reverse("recording_audio", args=[take.id])
    assert url in page
    heard = maria.get(url)
    assert heard.status_code == 200 and heard["Content-Type"] == "audio/webm"
    assert b"".join(heard.streaming_content) == TONE
    # In Spanish nobody recorded it: no button.
    maria.post("/i18n/setlang/", {"language": "es-pe", "next": "/"})
    assert "<audio" not in maria.get(statement(world)).content.decode()


def test_a_new_take_replaces_the_old_and_ogg_is_welcome(world: World, teresa) -> None:
    record(teresa, world, key_of("recibido"), TONE)
    record(teresa, world, key_of("recibido"), ogg_opus(), "take.ogg")
    take = Recording.objects.get(msgid="recibido")
    assert take.content_type == "audio/ogg" and take.audio.name.endswith(".ogg")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not audio at all", "no es una grabación de sonido"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "no es una grabación de sonido"),
        (TONE[: len(TONE) // 2 + 7], "incompleta o dañada"),
        (TONE[:30], "incompleta o dañada"),
        (ogg_opus(end=False), "incompleta o dañada"),
        (ogg_opus()[:-5], "incompleta o dañada"),
        (b"OggS" + b"\0" * 200, "incompleta o dañada"),
        (TONE + b"\0" * (200 * 1024), "pesa más de 200 KB"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(
    world: World, teresa, data: bytes, message: str
) -> None:
    response = record(teresa, world, key_of("recibido"), data)
    assert message in response.content.decode()
    assert not Recording.objects.exists()


def test_only_her_translators_record(world: World, teresa) -> None:
    url = reverse("translation_record", args=[world.camacani.id, "qu"])
    data = {"key": key_of("recibido"), "audio": SimpleUploadedFile("t.webm", TONE)}
    assert world.client_for(world.maria_user).post(url, data).status_code == 403
    data["audio"] = SimpleUploadedFile("t.webm", TONE)
    assert world.client_for(world.lucia).post(url, data).status_code == 404
    response = teresa.post(
        url, {"key": "0" * 40, "audio": SimpleUploadedFile("t.webm", TONE)}, follow=True
    )
    assert "Grabe la frase" in response.content.decode()
    assert not Recording.objects.exists()
    assert Client().get(reverse("recording_audio", args=[world.maria.id])).status_code == 302


def test_numbers_follow_each_languages_grammar() -> None:
    assert number_words(11, "qu") == ["chunka", "hukniyuq"]
    assert number_words(25, "qu") == ["iskay", "chunka", "pichqayuq"]
    assert number_words(1300, "qu") == ["waranqa", "kimsa", "pachak"]
    assert number_words(11, "ay") == ["tunka", "mayani"]
    assert number_words(20, "ay") == ["pä", "tunka"]
    assert number_words(2025, "ay") == ["pä", "waranqa", "pä", "tunka", "phisqani"]
    assert number_words(21, "es-pe") == ["veintiuno"]
    assert money_words(Decimal("21.50"), "es") == [
        "veintiún",
        "soles",
        "con",
        "cincuenta",
        "céntimos",
    ]
    assert money_words(Decimal("1"), "es") == ["un", "sol"]
    assert money_words(Decimal("-120"), "qu") == ["pachak", "iskay", "chunka", "soles"]
    for language in ("es", "qu", "ay"):
        words = set(vocabulary(language))
        for n in (0, 7, 19, 99, 101, 999, 1001, 45678, 999_999):
            assert set(number_words(n, language)) <= words
    with pytest.raises(ValueError):
        number_words(1_000_000, "qu")


def test_her_balance_is_spoken_only_when_every_word_is_recorded(world: World, teresa) -> None:
    from minka.ledger.services import entry_add

    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("25.00"),
        entry_date=__import__("datetime").date(2026, 3, 2),
        description="chompas",
        by=world.rosa,
    )
    maria = world.client_for(world.maria_user)
    maria.post("/i18n/setlang/", {"language": "qu", "next": "/"})
    page = maria.get(statement(world)).content.decode()
    assert "iskay chunka pichqayuq soles" in page, "the amount in words, in Quechua"
    assert "data-seq" not in page
    words = number_entries("qu")
    needed = {"iskay", "chunka", "pichqayuq"}
    for key, entry in words.items():
        if entry.msgid in needed:
            record(teresa, world, key, TONE)
    assert "data-seq" not in maria.get(statement(world)).content.decode(), "soles missing"
    soles = next(k for k, e in words.items() if e.msgid == "soles")
    record(teresa, world, soles, TONE)
    page = maria.get(statement(world)).content.decode()
    assert 'data-seq="' in page
    assert Recording.objects.filter(context=NUMBER_CONTEXT).count() == 4
    with translation.override("qu"):
        listed = teresa.get(
            reverse("translation_list", args=[world.camacani.id, "qu"]) + "?show=numbers"
        ).content.decode()
    assert "hukniyuq" in listed and "Grabada" in listed
