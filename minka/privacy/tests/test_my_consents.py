"""Her own page of consents (issue 11, point 1): she sees what she agreed to, in her
language; nobody else's decisions; a change recorded by the coordinator shows at once."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.privacy.models import ConsentMethod, Purpose
from minka.privacy.services import consent_record

TODAY = timezone.localdate()


def decide(world: World, purpose: str, given: bool, days_ago: int = 2) -> None:
    consent_record(
        member=world.maria,
        purpose=purpose,
        given=given,
        method=ConsentMethod.THUMBPRINT,
        decided_on=TODAY - timedelta(days=days_ago),
        by=world.rosa,
    )


def card(html: str, purpose: str) -> str:
    start = html.index(f"consent-{purpose}")
    return html[start : html.index("</section>", start)]


def test_maria_sees_her_decisions_and_a_change_at_once(world: World) -> None:
    url = reverse("my_consents", args=[world.camacani.id])
    decide(world, Purpose.CATALOGUE, True)
    decide(world, Purpose.SMS, False)
    maria = world.client_for(world.maria_user)
    html = maria.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sí, aceptó" in card(html, Purpose.CATALOGUE)
    assert "No aceptó" in card(html, Purpose.SMS)
    assert "No le preguntaron todavía" in card(html, Purpose.SHARE)
    assert f'href="{url}"' in html  # her menu leads here

    decide(world, Purpose.CATALOGUE, False, days_ago=0)  # she withdrew it with Rosa
    html = maria.get(url).content.decode()
    assert "No aceptó" in card(html, Purpose.CATALOGUE)
    assert "Sí, aceptó" not in html


def test_her_page_in_quechua_is_a_draft_not_spanish(world: World) -> None:
    maria = world.client_for(world.maria_user)
    url = reverse("my_consents", args=[world.camacani.id])
    maria.post(reverse("set_language"), {"language": "qu", "next": url})
    html = maria.get(url).content.decode()
    assert "Ari nisqaykuna" in html
    assert "Mis permisos" not in html


def test_only_she_sees_her_consents(world: World) -> None:
    url = reverse("my_consents", args=[world.camacani.id])
    decide(world, Purpose.CATALOGUE, True)
    assert world.client_for(world.rosa).get(url).status_code == 403  # staff use her record
    assert world.client_for(world.lucia).get(url).status_code == 404  # another group
    assert Client().get(url).status_code == 302  # not logged in: to the login page
