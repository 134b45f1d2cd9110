"""The picture statement: one page per woman, four pictures and big numbers, in her
language; the coordinator prints everyone's at once."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.ledger.services import entry_add
from minka.ledger.tests.helpers import flat, pdf_text


def test_maria_gets_her_picture_statement_in_quechua(world: World) -> None:
    world.maria.languages = ["qu"]
    world.maria.save()
    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("90.00"),
        entry_date=timezone.localdate(),
        description="Dos chompas",
    )
    url = reverse("member_picture", args=[world.camacani.id, world.maria.id])
    response = world.client_for(world.maria_user).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "S/ 90.00" in text and "qampaq kachkan" in text and world.maria.full_name in text
    assert (
        world.client_for(world.maria_user)
        .get(reverse("member_picture", args=[world.camacani.id, world.juana.id]))
        .status_code
        == 404
    )
    assert world.client_for(world.lucia).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_rosa_prints_everyone_each_in_her_language(world: World) -> None:
    world.juana.languages = ["ay"]
    world.juana.save()
    response = world.client_for(world.rosa).get(reverse("group_pictures", args=[world.camacani.id]))
    text = flat(pdf_text(response.content))
    assert world.maria.full_name in text and world.juana.full_name in text
    assert "jumatakiw utji" in text, "Juana's page is in Aymara"
    assert world.juli_member.full_name not in text
    assert (
        world.client_for(world.maria_user)
        .get(reverse("group_pictures", args=[world.camacani.id]))
        .status_code
        == 403
    )
