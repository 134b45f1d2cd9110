"""The SMS page: who sees what, the gateway's state, consent, PIN and notices."""

from typing import Any

import pytest
from django.contrib.auth.hashers import check_password

from minka.accounts.models import MemberPin
from minka.conftest import World
from minka.privacy.models import Consent
from minka.sms.models import GroupSmsSettings
from minka.sms.tests.conftest import Folders


def url(world: World, name: str = "") -> str:
    return f"/g/{world.camacani.id}/sms/{name}"


def test_with_no_gammu_configured_sms_is_off_and_says_so(world: World, settings: Any) -> None:
    settings.MINKA_SMS_GAMMU_CONFIG = ""
    page = world.client_for(world.rosa).get(url(world))
    assert page.status_code == 200
    assert 'data-status="off"' in page.content.decode()
    assert "Los SMS están apagados" in page.content.decode()


def test_configured_but_no_worker_running_is_said_plainly(world: World, folders: Folders) -> None:
    page = world.client_for(world.rosa).get(url(world)).content.decode()
    assert 'data-status="worker"' in page


def test_who_sees_the_sms_page(world: World) -> None:
    assert world.client_for(world.lucia).get(url(world)).status_code == 404
    assert world.client_for(world.maria_user).get(url(world)).status_code == 403
    rosa = world.client_for(world.rosa).get(url(world)).content.decode()
    teresa = world.client_for(world.teresa).get(url(world)).content.decode()
    sofia = world.client_for(world.sofia).get(url(world)).content.decode()
    assert "Consentimiento de las socias" in rosa and "Registrar consentimiento" in rosa
    assert "Mensajes enviados y costo" in teresa
    assert "Consentimiento de las socias" not in teresa  # the treasurer: counts and cost
    assert "Consentimiento de las socias" in sofia and "Registrar consentimiento" not in sofia
    for user in (world.teresa, world.sofia, world.maria_user):
        posted = world.client_for(user).post(
            url(world, "consent/"), {"member": world.maria.id, "given": "yes", "how": "signed"}
        )
        assert posted.status_code == 403
    assert not Consent.objects.exists()


def test_rosa_records_consent_with_who_and_how_and_can_withdraw_it(world: World) -> None:
    rosa = world.client_for(world.rosa)
    rosa.post(url(world, "consent/"), {"member": world.maria.id, "given": "yes", "how": "signed"})
    rosa.post(
        url(world, "consent/"),
        {"member": world.maria.id, "given": "no", "how": "spoken", "witness": "Teresa"},
    )
    rows = list(Consent.objects.filter(purpose="sms").order_by("created_at"))
    assert [(r.given, r.method, r.recorded_by) for r in rows] == [
        (True, "signed", world.rosa),
        (False, "spoken", world.rosa),
    ]


def test_a_pin_is_stored_hashed_and_can_be_removed(world: World) -> None:
    rosa = world.client_for(world.rosa)
    rosa.post(url(world, "pin/"), {"member": world.maria.id, "pin": "0429"})
    pin = MemberPin.objects.get(member=world.maria)  # her one PIN, for the centre's device too
    assert pin.pin_hash != "0429" and check_password("0429", pin.pin_hash)
    page = rosa.get(url(world)).content.decode()
    assert "Es la misma clave con la que entra en el equipo del centro" in page
    rosa.post(url(world, "pin/"), {"member": world.maria.id, "clear": "on"})
    assert not MemberPin.objects.exists()


def test_notices_are_chosen_per_group_with_the_price_of_a_segment(world: World) -> None:
    rosa = world.client_for(world.rosa)
    rosa.post(
        url(world, "settings/"), {"cost_per_segment": "0.09", "notices": ["payday", "meeting"]}
    )
    conf = GroupSmsSettings.objects.get(group=world.camacani)
    assert str(conf.cost_per_segment) == "0.0900"
    assert conf.payday_since and conf.meeting_since
    assert conf.allocation_since is None and conf.training_since is None


@pytest.mark.parametrize("junk", ["", "x", "-1", "12345", "99999999999", "<script>", "NaN", "1e9"])
def test_garbage_is_refused_without_a_server_error(world: World, junk: str) -> None:
    rosa = world.client_for(world.rosa)
    for path, fields in (
        ("consent/", ["member", "given", "how", "witness"]),
        ("pin/", ["member", "pin"]),
        ("settings/", ["cost_per_segment", "notices"]),
    ):
        response = rosa.post(url(world, path), {f: junk for f in fields})
        assert response.status_code == 302, (path, response.status_code)
    lucia_member = {"member": world.juli_member.id, "given": "yes", "how": "signed"}
    assert rosa.post(url(world, "consent/"), lucia_member).status_code == 302
    assert not Consent.objects.exists() and not MemberPin.objects.exists()
    assert not GroupSmsSettings.objects.exists()


def test_a_daemon_run_by_root_counts_as_running(
    world: World, folders: Folders, settings: Any
) -> None:
    from minka.sms import gateway

    folders.pidfile.write_text("1\n")  # init: alive, and not ours to signal unless root
    assert gateway.daemon_running() is True
    folders.pidfile.write_text("999999999\n")
    assert gateway.daemon_running() is False
    folders.pidfile.write_text("garbage")
    assert gateway.daemon_running() is False
    settings.MINKA_SMS_PIDFILE = ""
    assert gateway.daemon_running() is None
