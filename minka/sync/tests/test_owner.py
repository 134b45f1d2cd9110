"""On central, a group held by a site is a read-only copy: pages show it, an edit is
refused with a message naming the site and when the record last changed."""

import pytest
from django.urls import reverse

from minka.members.models import Member
from minka.members.tests.test_member_pages import form_data
from minka.sync.services import bundle_read

pytestmark = pytest.mark.django_db


def test_an_edit_on_central_of_a_site_record_is_refused_through_the_web(central):
    world = central.world
    change = central.new_member(1, "Felicitas", 40)
    bundle_read(central.bundle([change]), way="http")
    felicitas = Member.objects.get(first_name="Felicitas")
    rosa = world.client_for(world.rosa)
    url = reverse("member_edit", args=[world.camacani.id, felicitas.id])
    answer = rosa.post(url, form_data(first_name="Otra"))
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "se administra en S1" in page and "Último cambio recibido: en S1" in page
    felicitas.refresh_from_db()
    assert felicitas.first_name == "Felicitas"
    listing = world.client_for(world.sofia).get(reverse("member_list", args=[world.camacani.id]))
    assert "Felicitas" in listing.content.decode()
    assert "se administra en S1" in listing.content.decode()


def test_central_may_still_change_a_group_no_site_holds(central):
    central.peer.group_codes = ["JUL"]
    central.peer.save()
    rosa = central.world.client_for(central.world.rosa)
    url = reverse("member_edit", args=[central.world.camacani.id, central.world.maria.id])
    assert rosa.post(url, form_data(first_name="Mariela")).status_code == 302
    central.world.maria.refresh_from_db()
    assert central.world.maria.first_name == "Mariela"


def test_the_site_pages_show_no_read_only_note(world):
    page = world.client_for(world.rosa).get(reverse("member_list", args=[world.camacani.id]))
    assert "solo lectura" not in page.content.decode()
