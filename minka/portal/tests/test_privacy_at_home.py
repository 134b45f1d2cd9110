"""Nothing on her pages names violence or health, in any of her languages: someone at
home may read her phone. Her contacts read "Ayuda" and a number; her sensitive trainings
read "Taller" (until she chooses otherwise, on her own login).

Named people: maria (member), rosa (coordinator), sofia (staff)."""

import re

import pytest
from django.urls import reverse

from minka.conftest import World
from minka.languages.drafts import DRAFTS
from minka.portal.tests.member_pages import (
    LANGUAGES,
    clients,
    her_world,
    member_pages,
    record_everything,
)

SPANISH_AND_ENGLISH = ["violen", "salud", "health", "maltrat", "abus", "sexual", "agresi"]
# Quechua and Aymara words for beating, illness and health (maqay, unquy, qhali; nuwaña,
# usu), whether or not a draft uses them today.
ANDEAN = ["maqa", "unquy", "qhali", "nuwa", r"usu\b"]


def private_words() -> re.Pattern[str]:
    words = [*SPANISH_AND_ENGLISH, *ANDEAN]
    # And the drafts of any string that names them, should one ever be drafted.
    for source, pair in DRAFTS.items():
        if any(w in source.lower() for w in SPANISH_AND_ENGLISH):
            words += [re.escape(d.lower()) for d in pair]
    return re.compile(r"\b(" + "|".join(words) + r")", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_no_page_of_hers_names_violence_or_health_in_any_language(world: World) -> None:
    her_world(world)
    record_everything()  # the speakers' labels are read too
    private = private_words()
    people = clients(world)
    for language in LANGUAGES:
        for visit in member_pages(world):
            people[visit.who].cookies["django_language"] = language
            html = people[visit.who].get(visit.url).content.decode()
            named = private.findall(html)
            assert not named, f"{language} {visit.url} names {named}"
    # The test can fail: what she must not see is in the database, and the staff see it.
    sofia = world.client_for(world.sofia)
    page = sofia.get(reverse("help_directory", args=[world.camacani.id])).content.decode()
    assert private.search(page)


def test_her_contacts_read_ayuda_with_the_number_to_call(world: World) -> None:
    her_world(world)
    contacts = reverse("help_directory", args=[world.camacani.id])
    page = world.client_for(world.maria_user).get(contacts).content.decode()
    assert page.count('data-testid="help"') == 2  # the national line and the CEM
    assert 'href="tel:100"' in page and 'href="tel:051 351 200"' in page
    assert "Línea 100" not in page and "CEM" not in page and "Lunes a viernes" not in page
    for user in (world.rosa, world.sofia):  # those who refer her see what each one is
        page = world.client_for(user).get(contacts).content.decode()
        assert "Línea 100" in page and "CEM Puno" in page and 'data-testid="help"' not in page
