"""Her pages in Quechua and Aymara: from her record, one tap to change, drafts that a
speaker reviews, and reviewed strings that win at once.

Named people: maria (a member who speaks Quechua), rosa (coordinator), teresa (treasurer,
named translator for Quechua), lucia (another group), sofia (staff).
"""

import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from minka.conftest import PASSWORD, World
from minka.languages.catalog import drafts
from minka.languages.models import ReviewedString, Translator
from minka.languages.views import entry_key

MINKA = Path(__file__).resolve().parents[2]
# The templates a member sees on her own pages.
MEMBER_TEMPLATES = [
    "templates/base.html",
    "templates/registration/login.html",
    "learning/templates/learning/my_learning.html",
    "learning/templates/learning/_member_summary.html",
    "governance/templates/governance/_member_summary.html",
    "portal/templates/portal/_statement_body.html",
    "sales/templates/sales/_member_sales.html",
    "privacy/templates/privacy/help_directory.html",
    "privacy/templates/privacy/my_consents.html",
    "accounts/templates/accounts/centre_home.html",
    "accounts/templates/accounts/centre_pin.html",
    "accounts/templates/accounts/centre_none.html",
    "accounts/templates/accounts/password_change.html",
    "tourism/templates/tourism/host_visits.html",
    "tourism/templates/tourism/_host_visits.html",
]


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def my_learning(world: World) -> str:
    return reverse("my_learning", args=[world.camacani.id])


def test_maria_is_greeted_in_quechua_from_her_record(world: World) -> None:
    world.maria.languages = ["qu", "es"]
    world.maria.save()
    maria = sign_in("maria")
    assert maria.cookies["django_language"].value == "qu"
    page = maria.get(my_learning(world)).content.decode()
    assert 'lang="qu"' in page and "Yachaqasqaykuna" in page


def test_an_aymara_speaker_gets_aymara_and_staff_keep_their_choice(world: World) -> None:
    world.maria.languages = ["ay"]
    world.maria.save()
    assert sign_in("maria").cookies["django_language"].value == "ay"
    assert "django_language" not in sign_in("rosa").cookies


def test_one_tap_changes_her_language_and_names_it_in_its_own_words(world: World) -> None:
    maria = world.client_for(world.maria_user)
    page = maria.get(my_learning(world)).content.decode()
    assert "Runasimi" in page and "Aymar aru" in page
    maria.post("/i18n/setlang/", {"language": "ay", "next": my_learning(world)})
    page = maria.get(my_learning(world)).content.decode()
    assert 'lang="ay"' in page and "Yatiqawinakaja" in page


def test_quechua_pages_write_money_and_dates_as_peru_does(world: World) -> None:
    from decimal import Decimal

    from django.utils import formats, translation

    with translation.override("qu"):
        assert formats.date_format(__import__("datetime").date(2026, 12, 25)) == "25/12/2026"
        assert formats.number_format(Decimal("1234.50"), 2, force_grouping=True) == "1,234.50"


def test_every_member_facing_string_has_a_quechua_and_an_aymara_entry() -> None:
    wanted: set[str] = set()
    for name in MEMBER_TEMPLATES:
        text = (MINKA / name).read_text()
        wanted |= set(re.findall(r'{%\s*translate\s+"([^"]+)"', text))
    for language in ("qu", "ay"):
        # A reviewed string is always one of the catalog's, so the catalog is the list.
        have = {e.msgid for e in drafts(language)}
        missing = sorted(wanted - have)
        assert not missing, f"{language} lacks: {missing}"
        po = polib.pofile(str(MINKA / "locale" / language / "LC_MESSAGES" / "django.po"))
        counted = {e.msgid for e in po if e.msgid_plural}
        assert {"%(n)s movimiento", "%(n)s pieza vendida"} <= counted


def test_the_shipped_catalogs_say_they_are_drafts() -> None:
    for language in ("qu", "ay"):
        po = polib.pofile(str(MINKA / "locale" / language / "LC_MESSAGES" / "django.po"))
        assert po.metadata["X-Minka-Status"] == "draft"
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert all("sin revisar" in e.tcomment for e in po)


def _approve(client: Client, world: World, msgid: str, text: str):
    entry = next(e for e in drafts("qu") if e.msgid == msgid)
    return client.post(
        reverse("translation_list", args=[world.camacani.id, "qu"]),
        {"key": entry_key(entry), "text": text},
    )


def test_a_translator_reviews_a_draft_and_her_words_win_at_once(world: World) -> None:
    rosa = world.client_for(world.rosa)
    rosa.post(
        reverse("translation_home", args=[world.camacani.id]),
        {"username": "teresa", "language": "qu"},
    )
    assert Translator.objects.filter(user=world.teresa, language="qu").exists()
    teresa = world.client_for(world.teresa)
    page = teresa.get(reverse("translation_list", args=[world.camacani.id, "qu"]))
    assert "Borrador sin revisar" in page.content.decode()
    assert _approve(teresa, world, "Mis capacitaciones", "Yachasqaykuna").status_code == 302
    reviewed = ReviewedString.objects.get(msgid="Mis capacitaciones")
    assert reviewed.reviewed_by == world.teresa
    maria = world.client_for(world.maria_user)
    maria.post("/i18n/setlang/", {"language": "qu", "next": "/"})
    page = maria.get(my_learning(world)).content.decode()
    assert "Yachasqaykuna" in page and "Yachaqasqaykuna" not in page
    listed = teresa.get(
        reverse("translation_list", args=[world.camacani.id, "qu"]) + "?show=reviewed"
    )
    assert "Revisada" in listed.content.decode()


def test_a_review_that_drops_a_placeholder_is_refused(world: World) -> None:
    from django.core.exceptions import ValidationError

    from minka.languages.services import reviewed_approve

    with pytest.raises(ValidationError):
        reviewed_approve(language="qu", context="", msgid="Mis capacitaciones", text=" ", by=None)
    with pytest.raises(ValidationError):
        reviewed_approve(language="qu", context="", msgid="no existe", text="x", by=None)
    assert not ReviewedString.objects.exists()


def test_who_may_translate(world: World) -> None:
    page = reverse("translation_list", args=[world.camacani.id, "qu"])
    assert world.client_for(world.maria_user).get(page).status_code == 403
    assert world.client_for(world.teresa).get(page).status_code == 403
    assert world.client_for(world.lucia).get(page).status_code == 404
    assert world.client_for(world.rosa).get(page).status_code == 200
    assert world.client_for(world.sofia).get(page).status_code == 200
    bad = reverse("translation_list", args=[world.camacani.id, "xx"])
    assert world.client_for(world.rosa).get(bad).status_code == 404
    assert Client().get(page).status_code == 302


def test_reviewed_strings_go_out_and_come_back_as_po_files(world: World) -> None:
    rosa = world.client_for(world.rosa)
    _approve(rosa, world, "Salir", "Lluqsiy kunan")
    exported = rosa.get(reverse("translation_export", args=[world.camacani.id, "qu"]))
    text = exported.content.decode()
    assert 'msgstr "Lluqsiy kunan"' in text and "Language: qu" in text
    ReviewedString.objects.all().delete()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("translation_import", args=[world.camacani.id, "qu"])
    rosa.post(url, {"file": SimpleUploadedFile("x.po", b"\xff\xfe garbage")})
    assert not ReviewedString.objects.exists()
    wrong = text.replace("Language: qu", "Language: ay")
    rosa.post(url, {"file": SimpleUploadedFile("x.po", wrong.encode())})
    assert not ReviewedString.objects.exists(), "a file of another language changes nothing"
    rosa.post(url, {"file": SimpleUploadedFile("x.po", text.encode())})
    assert ReviewedString.objects.get(msgid="Salir").text == "Lluqsiy kunan"
