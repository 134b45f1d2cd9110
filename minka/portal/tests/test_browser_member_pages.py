"""A member's pages in a real browser (headless Chromium) on a 360x640 phone, in Spanish,
Quechua and Aymara: nothing to swipe sideways, a speaker only where a recording exists
(and no sound fetched before she taps it), and the PIN lock on the centre's device.

Named people: maria (member, a host too), rosa (coordinator), teresa (treasurer and
Quechua translator)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minka.accounts import pins
from minka.conftest import PASSWORD, World, order_in_production
from minka.governance.services import meeting_create
from minka.languages.models import NUMBER_CONTEXT
from minka.languages.numbers import money_words
from minka.learning.models import TrainingKind
from minka.learning.tests.helpers import training_with_sessions
from minka.ledger.services import entry_add
from minka.portal.services import payday_set
from minka.portal.tests import member_pages as at_home
from minka.tourism.models import HostProfile

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
LANGUAGES = ("es-pe", "qu", "ay")
TONE = (Path(__file__).parents[2] / "languages" / "tests" / "data" / "tone.webm").read_bytes()
TODAY = timezone.localdate()


def her_world(world: World) -> None:
    order_in_production(world)
    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("1234.50"),
        entry_date=TODAY - timedelta(days=3),
        description="Chompas trenzadas de alpaca, pedido de exportación",
    )
    training_with_sessions(
        world, topic="Vida sin violencia", kind=TrainingKind.RIGHTS, sensitive=True,
        attendees=(world.maria,),
    )  # fmt: skip
    meeting_create(group=world.camacani, kind="assembly", held_on=TODAY + timedelta(days=5))
    payday_set(group=world.camacani, next_on=TODAY + timedelta(days=8), by=world.teresa)
    HostProfile.objects.create(member=world.maria, beds=2)


def scroll_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def signed_in(chromium: Any, base: str, language: str, username: str = "maria") -> Any:
    context = chromium.new_context(viewport=PHONE, locale="es-PE")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return page


def test_every_member_page_fits_360_px_in_three_languages(
    chromium, live_server, live_world: World, settings, tmp_path
) -> None:
    """With every label, figure and date recorded, so that every speaker button is on
    the page: the buttons must not push any page wider than her phone."""
    settings.MEDIA_ROOT = tmp_path
    world = live_world
    at_home.her_world(world)
    at_home.record_everything()
    base = live_server.url
    device_cookie = at_home.centre_device_cookie(world)
    for language in LANGUAGES:
        pages = {
            "maria": signed_in(chromium, base, language),
            "device": chromium.new_context(viewport=PHONE).new_page(),
            "anyone": chromium.new_context(viewport=PHONE).new_page(),
        }
        pages["device"].context.add_cookies(
            [{"name": pins.COOKIE, "value": device_cookie, "url": base}]
        )
        for page in pages.values():
            page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        for visit in at_home.member_pages(world):
            page = pages[visit.who]
            page.goto(base + visit.url)
            where = f"{language} {visit.who} {visit.url}"
            assert page.locator("html").get_attribute("lang") == language, where
            assert page.locator("button[data-speak]").count() >= 3, where
            assert scroll_width(page) <= 360, f"{where}: {scroll_width(page)} px"
            hidden = page.evaluate(
                "[...document.querySelectorAll('nav.main-nav')]"
                ".some(n => n.scrollWidth > n.clientWidth)"
            )
            assert not hidden, f"{where}: her menu hides a link sideways"
            assert "violencia" not in page.content().lower(), where
        for page in pages.values():
            page.context.close()


def centre_device(chromium: Any, base: str, world: World, pin: str = "2468") -> Any:
    rosa = Client()
    rosa.login(username="rosa", password=PASSWORD)
    response = rosa.post(
        reverse("centre_register", args=[world.camacani.id]), {"name": "Laptop del centro"}
    )
    pins.pin_set(member=world.maria, pin=pin, by=world.rosa)
    context = chromium.new_context(viewport=PHONE)
    context.add_cookies(
        [{"name": pins.COOKIE, "value": response.cookies[pins.COOKIE].value, "url": base}]
    )
    return context.new_page()


def test_a_speaker_only_where_a_recording_exists_and_no_sound_before_a_tap(
    chromium, live_server, live_world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    world = live_world
    her_world(world)
    at_home.take("qu", "le deben")
    at_home.take("qu", "Próxima reunión")
    for word in set(money_words(Decimal("1234.50"), "qu")):
        at_home.take("qu", word, NUMBER_CONTEXT)
    base = live_server.url
    statement = base + reverse("member_statement", args=[world.camacani.id, world.maria.id])

    page = signed_in(chromium, base, "es-pe")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(statement)
    assert page.locator("audio").count() == 0, "no Spanish recording: no speaker at all"
    page.context.close()

    page = signed_in(chromium, base, "qu")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(statement)
    page.wait_for_load_state("networkidle")
    # "le deben", "Próxima reunión", her balance, what she earned and the line of her
    # account that added it (the same amount, in words), and the 3 pieces of her order
    # and the 3 still to make ("kimsa" is a word of that amount); nothing for "ganado"
    # (never recorded) nor "0 soles" received. Each named in Quechua.
    labels = page.locator("button[data-speak]").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label'))"
    )
    assert sorted(labels) == sorted(
        ["Uyariy qampaq kachkan", "Uyariy Hamuq huñunakuy"]
        + ["Uyariy 1234.50"] * 3
        + ["Uyariy 3"] * 2
    )
    assert page.locator("audio[preload=none]").count() == 7
    assert page.locator("[data-testid=balance] audio[data-seq]").count() == 1
    assert not [u for u in fetched if "/audio/" in u], "no sound fetched before a tap"
    assert scroll_width(page) <= 360
    page.locator(".tile.money .label button[data-speak]").click()
    page.wait_for_function(
        "[...document.querySelectorAll('audio')].some(a => !a.paused || a.ended)"
    )
    assert [u for u in fetched if "/audio/" in u], "the tap fetched the recording"


def played_after_a_tap(page: Any, button: Any, expected: int) -> list[str]:
    """Tap a speaker and list what the page played, in order (every <audio> "play")."""
    page.evaluate(
        """() => { window.minkaPlayed = [];
          if (window.minkaListens) return;
          window.minkaListens = true;
          document.addEventListener('play', e => window.minkaPlayed.push(e.target.currentSrc),
                                    true); }"""
    )
    button.click()
    # Polled from here: the page's CSP forbids the eval that wait_for_function needs.
    for _ in range(300):
        if page.evaluate("() => window.minkaPlayed.length") >= expected:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # and nothing more than the sequence
    return list(page.evaluate("() => window.minkaPlayed"))


def test_a_tap_says_a_date_and_a_number_word_by_word_in_order(
    chromium, live_server, live_world: World, settings, tmp_path
) -> None:
    """The next meeting's date in Quechua ("marzo killapa pichqa p'unchawnin") and her
    hours of training, each composed of recorded words, played one after another."""
    from minka.languages.speech import date_audio, number_audio

    settings.MEDIA_ROOT = tmp_path
    world = live_world
    at_home.her_world(world)
    at_home.record_everything()
    base = live_server.url
    meeting = TODAY + timedelta(days=5)
    said = {
        "date": [base + u for u in date_audio(meeting, "qu")],
        "hours": [base + u for u in number_audio(18, "qu")],  # three trainings of 6 hours
    }
    assert len(said["date"]) >= 4 and len(said["hours"]) >= 2
    page = signed_in(chromium, base, "qu")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/audio/" in r.url else None)
    page.goto(base + reverse("member_statement", args=[world.camacani.id, world.maria.id]))
    page.wait_for_load_state("networkidle")
    assert not fetched, "no sound fetched before a tap"

    date_button = page.locator("[data-testid=next-meeting] + .speak button[data-speak]")
    assert date_button.get_attribute("aria-label") == f"Uyariy {meeting:%d/%m/%Y}"
    assert played_after_a_tap(page, date_button, len(said["date"])) == said["date"]
    assert [u for u in dict.fromkeys(fetched)] == list(dict.fromkeys(said["date"]))

    fetched.clear()
    hours_button = page.locator("button[data-speak][aria-label='Uyariy 18']")
    assert played_after_a_tap(page, hours_button, len(said["hours"])) == said["hours"]
    assert set(fetched) == set(said["hours"])


def test_five_wrong_pins_lock_her_pin_in_the_browser(
    chromium, live_server, live_world: World
) -> None:
    world = live_world
    base = live_server.url
    device = centre_device(chromium, base, world)
    device.goto(f"{base}{reverse('centre_home')}")
    device.click("text=María")
    pin_page = device.url
    for attempt in range(5):
        device.fill("#id_pin", "0000")
        device.click("button.primary")
        if attempt < 4:
            assert "Clave equivocada" in device.content()
    assert "bloqueada" in device.content()
    device.goto(pin_page)
    device.fill("#id_pin", "2468")
    device.click("button.primary")
    assert "bloqueada" in device.content(), "locked even for the right PIN"
    assert "/g/" not in device.url
    # rosa gives her a new PIN: she enters and lands on her own page.
    pins.pin_set(member=world.maria, pin="1357", by=world.rosa)
    device.goto(pin_page)
    device.fill("#id_pin", "1357")
    device.click("button.primary")
    device.wait_for_load_state()
    assert reverse("member_statement", args=[world.camacani.id, world.maria.id]) in device.url
    assert scroll_width(device) <= 360


def test_a_translator_records_a_string_in_the_browser(
    live_server, live_world: World, settings, tmp_path, monkeypatch
) -> None:
    """Chromium's fake microphone stands in for teresa's voice: MediaRecorder makes the
    take, record.js puts it in the form, the server checks it and keeps it."""
    from playwright.sync_api import sync_playwright

    from minka.conftest import CHROMIUM_FLAGS
    from minka.languages.models import Recording, Translator

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    world = live_world
    Translator.objects.create(group=world.camacani, user=world.teresa, language="qu")
    base = live_server.url
    flags = [
        *CHROMIUM_FLAGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
        context = browser.new_context(viewport=PHONE)
        context.grant_permissions(["microphone"], origin=base)
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "teresa")
        page.fill("#id_password", PASSWORD)
        page.click("button.primary")
        page.goto(
            base + reverse("translation_list", args=[world.camacani.id, "qu"]) + "?show=numbers"
        )
        card = page.locator("section.card.translation", has_text="chunka").first
        card.locator("button[data-record-start]").click()
        page.wait_for_timeout(1200)
        card.locator("button[data-record-start]").click()  # stop
        card.locator("audio.take").wait_for()
        card.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Grabación guardada" in page.content()
        assert "show=numbers" in page.url
        take = Recording.objects.get(language="qu", msgid="chunka")
        assert take.content_type == "audio/webm" and 500 < take.size < 200 * 1024
        assert scroll_width(page) <= 360
        browser.close()
