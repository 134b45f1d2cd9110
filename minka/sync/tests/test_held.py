"""A change made on a stale copy (a restored old backup, a second site with the same code)
is held for a person on central; the rest of the bundle applies."""

import pytest
from django.urls import reverse

from minka.members.models import Member
from minka.sync.models import HeldChange
from minka.sync.services import bundle_read

pytestmark = pytest.mark.django_db


def test_a_change_from_a_stale_copy_is_held_and_staff_resolve_it(central):
    made = central.new_member(1, "Felicitas", 40)
    bundle_read(central.bundle([made]), way="http")
    edit = central.new_member(2, "Feli", 40)
    edit.update(id=made["id"], b=["S1", 1])
    bundle_read(central.bundle([edit]), way="http")
    # A restored backup knows only the first version, and edits it again.
    stale = central.new_member(3, "Felicitas Restaurada", 40)
    stale.update(id=made["id"], b=["S1", 1])
    other = central.new_member(4, "Justina", 41)
    _peer, out = bundle_read(central.bundle([stale, other]), way="http")
    assert (out.applied, out.held) == (1, 1)
    assert Member.objects.get(pk=made["id"]).first_name == "Feli"
    assert Member.objects.filter(first_name="Justina").exists()

    sofia = central.world.client_for(central.world.sofia)
    page = sofia.get(reverse("sync_home")).content.decode()
    assert "Cambios retenidos" in page and made["id"] in page
    held = HeldChange.objects.get()
    sofia.post(reverse("sync_held_resolve", args=[held.id]), {"action": "apply"})
    assert Member.objects.get(pk=made["id"]).first_name == "Felicitas Restaurada"
    held.refresh_from_db()
    assert held.resolution == "applied" and held.resolved_by == central.world.sofia


def test_a_member_of_the_group_cannot_reach_the_sync_page(central):
    maria = central.world.client_for(central.world.maria_user)
    assert maria.get(reverse("sync_home")).status_code == 403


def test_a_change_resent_after_a_lost_answer_and_edited_again_is_no_conflict(central):
    """The site's bundle was applied but central's answer never arrived; the site edited
    the record again and sends both versions' range: the newer one applies, nothing held."""
    made = central.new_member(1, "Felicitas", 40)
    bundle_read(central.bundle([made]), way="http")
    edit = central.new_member(2, "Feli", 40)
    edit.update(id=made["id"], b=["S1", 1])
    bundle_read(central.bundle([edit]), way="http")  # applied; the answer is lost
    again = central.new_member(3, "Felicita", 40)
    again.update(id=made["id"], b=["S1", 1], p=[2])  # sent again from the same start
    _peer, out = bundle_read(central.bundle([again], range=[1, 3]), way="http")
    assert (out.applied, out.held) == (1, 0)
    assert Member.objects.get(pk=made["id"]).first_name == "Felicita"
    assert not HeldChange.objects.exists()
