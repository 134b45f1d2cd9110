"""Hear it in Spanish, and hear the dates: teresa (treasurer, Quechua translator) records
the Spanish source too, and the words of a date; maria (a member) hears her pay day and
her next meeting once every word is recorded, and no button before. lucia (another group)
records nothing for Camacani."""

from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from minka.conftest import World
from minka.languages.catalog import sources
from minka.languages.dates import DATE_CONTEXT, MONTHS, date_vocabulary, date_words
from minka.languages.models import NUMBER_CONTEXT, Recording, ReviewedString, Translator
from minka.languages.numbers import vocabulary
from minka.languages.views import entry_key, number_entries

TONE = (Path(__file__).parent / "data" / "tone.webm").read_bytes()  # made by Chromium


def record(client: Client, world: World, language: str, key: str):
    return client.post(
        reverse("translation_record", args=[world.camacani.id, language]),
        {"key": key, "audio": SimpleUploadedFile("t.webm", TONE, content_type="audio/webm")},
        follow=True,
    )


def statement(world: World) -> str:
    return reverse("member_statement", args=[world.camacani.id, world.maria.id])


def maria_in(world: World, language: str) -> Client:
    maria = world.client_for(world.maria_user)
    maria.post("/i18n/setlang/", {"language": language, "next": "/"})
    return maria


def test_a_translator_records_spanish_and_maria_hears_it(world: World, teresa) -> None:
    maria = maria_in(world, "es-pe")
    assert "<audio" not in maria.get(statement(world)).content.decode(), "none recorded"

    listing = reverse("translation_list", args=[world.camacani.id, "es"])
    page = teresa.get(listing).content.decode()
    first = sources("es")[0].msgid
    assert 'data-testid="source-text"' in page and f"<strong>{escape(first)}</strong>" in page
    assert "Borrador sin revisar" not in page, "Spanish is the source: nothing to review"
    key = entry_key(next(e for e in sources("es") if e.msgid == "recibido"))
    response = record(teresa, world, "es", key)
    assert "Grabación guardada" in response.content.decode()
    take = Recording.objects.get(language="es", msgid="recibido")
    assert take.recorded_by == world.teresa

    page = maria.get(statement(world)).content.decode()
    assert page.count('<audio preload="none"') == 1
    assert reverse("recording_audio", args=[take.id]) in page
    # Her Quechua page has no Spanish voice; her English page none at all.
    assert "<audio" not in maria_in(world, "qu").get(statement(world)).content.decode()
    assert "<audio" not in maria_in(world, "en").get(statement(world)).content.decode()
    # No text review for Spanish: a review posted there changes nothing.
    teresa.post(listing, {"key": key, "text": "otra cosa"})
    assert not ReviewedString.objects.exists()


def test_spanish_number_words_speak_her_pieces(world: World, teresa) -> None:
    words = number_entries("es")
    assert {e.msgid for e in words.values()} >= {"cero", "veintiún", "soles", "enero", "de"}
    listed = teresa.get(
        reverse("translation_list", args=[world.camacani.id, "es"]) + "?show=numbers"
    ).content.decode()
    assert "diciembre" in listed and "Palabra de fecha" in listed
    key = next(k for k, e in words.items() if e.msgid == "cero")
    assert "Grabación guardada" in record(teresa, world, "es", key).content.decode()
    assert Recording.objects.get(language="es", context=NUMBER_CONTEXT).msgid == "cero"
    page = maria_in(world, "es-pe").get(statement(world)).content.decode()
    # 0 pieces (and no training, meeting or post yet), said in Spanish; not "S/ 0.00",
    # whose "soles" nobody recorded.
    assert '<span class="figure">0 <span class="speak">' in page, "0 pieces, said in Spanish"
    zeros = page.count('aria-label="Escuchar 0"')
    assert zeros >= 5 and page.count('<audio preload="none"') == zeros, "each zero, no more"


def test_only_translators_of_the_group_record_spanish(world: World, teresa) -> None:
    key = entry_key(sources("es")[0])
    url = reverse("translation_record", args=[world.camacani.id, "es"])
    data = {"key": key, "audio": SimpleUploadedFile("t.webm", TONE)}
    assert world.client_for(world.maria_user).post(url, data).status_code == 403
    data["audio"] = SimpleUploadedFile("t.webm", TONE)
    assert world.client_for(world.lucia).post(url, data).status_code == 404
    assert not Recording.objects.exists()
    # The coordinator may name someone to record Spanish only.
    rosa = world.client_for(world.rosa)
    home = reverse("translation_home", args=[world.camacani.id])
    rosa.post(home, {"username": world.maria_user.username, "language": "es"})
    assert Translator.objects.filter(user=world.maria_user, language="es").exists()
    maria = world.client_for(world.maria_user)
    home = maria.get(home).content.decode()
    assert "grabadas de" in home and "revisadas de" not in home, "Spanish only: she records"
    assert maria.get(reverse("translation_list", args=[world.camacani.id, "es"])).status_code == 200
    assert maria.get(reverse("translation_list", args=[world.camacani.id, "qu"])).status_code == 403


def test_dates_are_composed_in_each_languages_words() -> None:
    march_5 = date(2027, 3, 5)
    assert [w for _c, w in date_words(march_5, "es-pe")] == ["cinco", "de", "marzo"]
    assert [w for _c, w in date_words(date(2027, 5, 1), "es")] == ["primero", "de", "mayo"]
    assert [w for _c, w in date_words(date(2027, 12, 21), "es")] == [
        "veintiuno",
        "de",
        "diciembre",
    ]
    assert [w for _c, w in date_words(march_5, "qu")] == [
        "marzo",
        "killapa",
        "pichqa",
        "p'unchawnin",
    ]
    assert [w for _c, w in date_words(date(2027, 8, 25), "ay")] == [
        "agosto",
        "phaxsina",
        "pä",
        "tunka",
        "phisqani",
        "uru",
    ]
    assert date_words(march_5, "qu")[2] == (NUMBER_CONTEXT, "pichqa")
    for language in ("es", "qu", "ay"):
        assert len(MONTHS[language]) == 12
        day = date(2027, 1, 1)
        while day.year == 2027:  # every day of a year is said with words to record
            for context, word in date_words(day, language):
                known = (
                    date_vocabulary(language) if context == DATE_CONTEXT else vocabulary(language)
                )
                assert word in known, (day, language, word)
            day += timedelta(days=1)


def test_her_pay_day_is_spoken_once_every_word_is_recorded(world: World, teresa) -> None:
    pay_on = timezone.localdate() + timedelta(days=9)
    treasurer = world.client_for(world.teresa)
    treasurer.post(reverse("pay_day", args=[world.camacani.id]), {"next_on": pay_on.isoformat()})
    maria = maria_in(world, "qu")
    page = maria.get(statement(world)).content.decode()
    assert 'data-testid="pay-day"' in page
    assert "data-seq" not in page and "<audio" not in page, "nothing recorded: no button"

    entries = number_entries("qu")
    needed = date_words(pay_on, "qu")
    keys = {(e.context, e.msgid): k for k, e in entries.items()}
    for word in needed[:-1]:
        record(teresa, world, "qu", keys[word])
    assert "data-seq" not in maria.get(statement(world)).content.decode(), "one word missing"
    record(teresa, world, "qu", keys[needed[-1]])
    page = maria.get(statement(world)).content.decode()
    assert page.count("data-seq=") == 1
    seq = page.split('data-seq="')[1].split('"')[0].split()
    assert len(seq) == len(needed)
    assert pay_on.strftime("%d/%m/%Y") in page.split('data-seq="')[0].rsplit("aria-label", 1)[1]
    # In Spanish nobody recorded the date words: no button there.
    assert "data-seq" not in maria_in(world, "es-pe").get(statement(world)).content.decode()
