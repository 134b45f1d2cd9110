"""Her name, phone, photo and story go to central only if she agreed to share them with
the organisation; her work and money always travel. A withdrawal blanks central's copy at
the next sync; a consent fills it in.

Named people: rosa coordinates Camacani on the site; maria and juana are its members.
"""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.ledger.models import EntryKind
from minka.ledger.services import entry_add
from minka.members.models import AccessLogEntry, Member
from minka.privacy.models import Purpose
from minka.privacy.services import consent_record
from minka.privacy.shared import PERSONAL
from minka.sync.models import Peer
from minka.sync.outbox import build, watermark
from minka.sync.serial import to_json
from minka.sync.services import bundle_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_link(world: World) -> Peer:
    """The site's link to central, as enrolment leaves it."""
    return Peer.objects.create(
        code="C1",
        organisation=world.org,
        group_codes=["CAM", "JUL"],
        public_key="ab" * 32,
        enrolled_at=timezone.now(),
    )


def shared(world: World, member: Member, given: bool) -> None:
    consent_record(
        member=member,
        purpose=Purpose.SHARE,
        given=given,
        method="thumbprint",
        decided_on=timezone.localdate(),
        by=world.rosa,
    )


def sent(peer: Peer, label: str = "members.Member") -> dict[str, dict[str, Any]]:
    """What the next bundle carries for each record of a model, then acknowledged."""
    bundle, _count = build(peer, 1, limit=None)
    peer.acked_upto = watermark()
    peer.save()
    return {e["id"]: e["d"] for e in bundle.changes if e["m"] == label}


def test_without_her_consent_her_name_and_phone_stay_on_the_site(world, site_link):
    world.maria.phone = "987654321"
    world.maria.community = "Chucuito"
    world.maria.save()
    shared(world, world.juana, True)
    entry_add(
        member=world.maria,
        kind=EntryKind.EARNING,
        entry_date=timezone.localdate(),
        amount=Decimal("12.50"),
        description="ajuste",
        by=world.rosa,
    )
    bundle, _n = build(site_link, 1, limit=None)
    members = {e["id"]: e["d"] for e in bundle.changes if e["m"] == "members.Member"}
    maria, juana = members[str(world.maria.id)], members[str(world.juana.id)]
    assert (maria["first_name"], maria["last_name"]) == ("Socia", "0001")
    assert maria["phone"] == "" and maria["community"] == "" and maria["photo"] == ""
    assert maria["number"] == 1 and maria["status"] == "active" and maria["group_id"]
    assert (juana["first_name"], juana["last_name"]) == ("Juana", "Condori Apaza")
    ledger = [e["d"] for e in bundle.changes if e["m"] == "ledger.LedgerEntry"]
    assert any(d["member_id"] == str(world.maria.id) and d["amount"] == "12.50" for d in ledger)
    assert "Quispe" not in str(bundle.changes) and "987654321" not in str(bundle.changes)


def test_her_consent_sends_her_name_and_a_withdrawal_blanks_it_at_the_next_sync(world, site_link):
    sent(site_link)  # the first sync: maria as "Socia 0001"
    shared(world, world.maria, True)
    assert sent(site_link)[str(world.maria.id)]["first_name"] == "María"
    shared(world, world.maria, False)
    again = sent(site_link)
    assert again[str(world.maria.id)]["first_name"] == "Socia", "the withdrawal travels"
    assert str(world.juana.id) not in again, "only her records are sent again"


def test_through_the_page_a_withdrawal_resends_her_host_story_blanked(world, site_link):
    from minka.tourism.models import HostProfile

    HostProfile.objects.create(member=world.maria, beds=2, story="Tejo desde niña")
    shared(world, world.maria, True)
    assert sent(site_link, "tourism.HostProfile")[str(world.maria.host_profile.id)]["story"]
    rosa = world.client_for(world.rosa)
    url = reverse("member_privacy", args=[world.camacani.id, world.maria.id])
    today = timezone.localdate().strftime("%d/%m/%Y")
    answer = rosa.post(
        url,
        {"purpose": "share", "given": "no", "method": "signed", "decided_on": today},
    )
    assert answer.status_code == 302
    story = sent(site_link, "tourism.HostProfile")[str(world.maria.host_profile.id)]["story"]
    assert story == ""


def test_the_access_log_travels_without_the_address(world, site_link):
    sofia = world.client_for(world.rosa)
    sofia.get(reverse("member_edit", args=[world.camacani.id, world.maria.id]))
    entry = AccessLogEntry.objects.get(member=world.maria)
    assert entry.address
    logged = sent(site_link, "members.AccessLogEntry")[str(entry.id)]
    assert logged["address"] is None and logged["member_id"] == str(world.maria.id)


def test_central_takes_the_blanked_copy_in_place_of_the_named_one(central):
    """On central, a withdrawal arriving from the site replaces the name it had."""
    world = central.world
    change = central.new_member(1, "Felicitas", 40)
    change["d"]["phone"] = "912345678"
    bundle_read(central.bundle([change]), way="http")
    felicitas = Member.objects.get(pk=change["id"])
    assert felicitas.phone == "912345678"
    data = to_json(felicitas, {})
    for name, blank in PERSONAL["members.Member"][1].items():
        data[name] = blank(data)
    later = {**change, "c": 2, "d": data, "b": ["S1", 1]}
    bundle_read(central.bundle([later]), way="http")
    felicitas.refresh_from_db()
    assert (felicitas.full_name, felicitas.phone) == ("Socia 0040", "")
    page = world.client_for(world.sofia).get(reverse("member_list", args=[world.camacani.id]))
    assert "Socia 0040" in page.content.decode() and "Felicitas" not in page.content.decode()


def test_central_cannot_decide_for_a_member_a_site_holds(central):
    from django.core.exceptions import ValidationError

    from minka.privacy.models import Consent

    world = central.world
    with pytest.raises(ValidationError, match="pertenece a S1"):
        shared(world, world.maria, True)
    assert not Consent.objects.filter(member=world.maria).exists()
