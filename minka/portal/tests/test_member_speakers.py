"""Next to every label a member sees, on every one of her pages and in Spanish, Quechua
and Aymara, a speaker button, once someone recorded it; her numbers and dates too; and
no button at all, nor its script, where nothing is recorded.

Named people: maria (member), rosa (coordinator, registers the centre's device)."""

from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from minka.conftest import World
from minka.languages.catalog import sources
from minka.languages.speech import spoken_language
from minka.portal.tests.member_pages import (
    LANGUAGES,
    clients,
    her_world,
    member_pages,
    record_everything,
)

# Text that is not read as part of the page (or not a label: a choice in a list box).
UNREAD = {"script", "style", "title", "option", "textarea", "svg", "audio", "head"}
LEADING_MARKS = "(·✔✘ "


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


class Reading(HTMLParser):
    """The page as she meets it, in order: ("text", words) and ("speak", its label)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self.unread = 0
        self.sounds = 0  # <audio> with something to play

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "button" and "data-speak" in attributes:
            self.items.append(("speak", attributes.get("aria-label") or ""))
        if tag == "audio" and (attributes.get("src") or attributes.get("data-seq")):
            self.sounds += 1
        if tag in UNREAD:
            self.unread += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in UNREAD:
            self.unread -= 1

    def handle_data(self, data: str) -> None:
        words = " ".join(data.split())
        if words and not self.unread:
            self.items.append(("text", words))


def read(html: str) -> Reading:
    reading = Reading()
    reading.feed(html)
    return reading


def labels(language: str) -> set[str]:
    """Every member-facing string as the page shows it in this language."""
    with translation.override(language):
        return {
            pgettext(e.context, e.msgid) if e.context else gettext(e.msgid)
            for e in sources(spoken_language(language))
        }


def unspoken(html: str, language: str) -> tuple[list[str], int]:
    """The labels on the page with no speaker right after them, and how many were seen."""
    known = labels(language)
    with translation.override(language):
        listen = gettext("Escuchar")
    items = read(html).items
    missing, seen = [], 0
    for i, (kind, text) in enumerate(items):
        if kind != "text":
            continue
        following = items[i + 1] if i + 1 < len(items) else ("", "")
        for candidate in dict.fromkeys((text, text.lstrip(LEADING_MARKS))):
            if candidate in known:
                seen += 1
                if following != ("speak", f"{listen} {candidate}"):
                    missing.append(candidate)
                break
            # A label run into its figure ("Entrega 05/12/2026") has no button between.
            run_on = [
                t
                for t in known
                if candidate.startswith(t + " ") and candidate[len(t) + 1 :][:1].isdigit()
            ]
            if run_on:
                seen += 1
                missing.append(candidate)
                break
    return missing, seen


def test_every_label_on_her_pages_has_a_speaker_in_three_languages(world: World) -> None:
    her_world(world)
    record_everything()
    people = clients(world)
    for language in LANGUAGES:
        for visit in member_pages(world):
            people[visit.who].cookies["django_language"] = language
            response = people[visit.who].get(visit.url)
            assert response.status_code in (200, 404), visit  # 404: the unregistered device
            html = response.content.decode()
            assert f'<html lang="{language}">' in html, visit
            missing, seen = unspoken(html, language)
            assert not missing, f"{language} {visit.url}: no speaker next to {missing}"
            reading = read(html)
            speakers = [i for i in reading.items if i[0] == "speak"]
            assert seen >= 3 and len(speakers) >= seen, (language, visit.url)
            assert reading.sounds == len(speakers), "every button has something to play"
            assert "minka/speak.js" in html


def test_her_figures_and_dates_are_spoken_too(world: World) -> None:
    her_world(world)
    record_everything()
    maria = clients(world)["maria"]
    statement = member_pages(world)[0].url
    for language in LANGUAGES:
        maria.cookies["django_language"] = language
        html = maria.get(statement).content.decode()
        # Each tile's figure (pieces, money, trainings, hours, meetings, posts) and
        # each date (next meeting, pay day) has its button.
        for figure in html.split('class="figure"')[1:]:
            assert "data-speak" in figure.split("</span>")[0], (language, figure[:120])
        for testid in ("next-meeting", "pay-day"):
            after = html.split(f'data-testid="{testid}"')[1][:1200]
            assert "data-speak" in after and "data-seq" in after, (language, testid)
        lines = html.split('class="cards-list money-lines"')[1].split("</ul>")[0]
        cards = lines.split('<li class="card-line')[1:]
        assert len(cards) == 3
        for card in cards:  # her date and her amount, said in words
            assert card.count("data-seq") >= 2, (language, card[:200])
        work = html.split("#clock")[-1].split("</ul>")[0].split('<li class="card-line')[1:]
        assert work, "her allocations are on the page"
        for card in work:  # when it is due, how many, accepted, rejected, still to make
            assert card.count("data-speak") >= 7, (language, card[:200])


def test_with_no_recording_there_is_no_button_and_no_script(world: World) -> None:
    her_world(world)
    people = clients(world)
    for language in LANGUAGES:
        for visit in member_pages(world):
            people[visit.who].cookies["django_language"] = language
            html = people[visit.who].get(visit.url).content.decode()
            assert "data-speak" not in html and "<audio" not in html, (language, visit.url)
            assert "speak.js" not in html, (language, visit.url)
