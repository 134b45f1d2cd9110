"""A member signs in on the centre's device by photo, name and a 4-digit PIN.

rosa (coordinator) registers the device and sets maria's PIN; five wrong PINs lock it;
the session reaches only maria's own pages; lucia's Juli device never lists Camacani.
"""

from django.test import Client
from django.urls import reverse

from minka.accounts.models import MemberPin
from minka.accounts.pins import COOKIE
from minka.conftest import World


def register_device(world: World, user=None, group=None) -> Client:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    coordinator = world.client_for(user or world.rosa)
    group = group or world.camacani
    response = coordinator.post(
        reverse("centre_register", args=[group.id]), {"name": "Laptop del centro"}
    )
    assert response.status_code == 302
    device = Client()
    device.cookies[COOKIE] = response.cookies[COOKIE].value
    return device


def set_pin(world: World, pin: str = "2468") -> None:
    rosa = world.client_for(world.rosa)
    response = rosa.post(
        reverse("member_pin", args=[world.camacani.id, world.maria.id]), {"pin": pin, "again": pin}
    )
    assert response.status_code == 302


def pin(device: Client, world: World, value: str):  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    return device.post(reverse("centre_pin", args=[world.maria.id]), {"pin": value})


def test_maria_finds_herself_and_enters_with_her_pin(world: World) -> None:
    device = register_device(world)
    set_pin(world)
    home = device.get(reverse("centre_home")).content.decode()
    assert "María" in home and "Juana" not in home, "only members with a PIN are listed"
    response = pin(device, world, "2468")
    statement = reverse("member_statement", args=[world.camacani.id, world.maria.id])
    assert response.status_code == 302 and response["Location"] == statement
    assert device.get(statement).status_code == 200
    # Her own pages only.
    dashboard = device.get(reverse("dashboard", args=[world.camacani.id]))
    assert dashboard.status_code == 302 and dashboard["Location"] == statement
    assert device.get(reverse("balances", args=[world.camacani.id])).status_code == 403
    juana = reverse("member_statement", args=[world.camacani.id, world.juana.id])
    assert device.get(juana).status_code == 404
    assert device.session.get_expiry_age() <= 30 * 60


def test_five_wrong_pins_lock_it_until_rosa_sets_a_new_one(world: World) -> None:
    device = register_device(world)
    set_pin(world)
    for _n in range(5):
        page = pin(device, world, "0000").content.decode()
    assert "bloqueada" in page
    assert "bloqueada" in pin(device, world, "2468").content.decode(), (
        "locked even for the right PIN"
    )
    assert MemberPin.objects.get(member=world.maria).locked
    set_pin(world, "1357")
    assert pin(device, world, "1357").status_code == 302


def test_a_pin_is_four_digits(world: World) -> None:
    device = register_device(world)
    set_pin(world)
    for bad in ("12a4", "123", "12345", "", "<script>"):
        response = pin(device, world, bad)
        assert response.status_code == 200 and "4 números" in response.content.decode()
    assert MemberPin.objects.get(member=world.maria).failures == 0
    rosa = world.client_for(world.rosa)
    page = rosa.post(
        reverse("member_pin", args=[world.camacani.id, world.juana.id]),
        {"pin": "1234", "again": "4321"},
    )
    assert "no son iguales" in page.content.decode()
    assert not MemberPin.objects.filter(member=world.juana).exists()


def test_no_device_no_pin_page(world: World) -> None:
    set_pin(world)
    assert Client().get(reverse("centre_home")).status_code == 404
    forged = Client()
    forged.cookies[COOKIE] = "not-signed"
    assert (
        forged.post(reverse("centre_pin", args=[world.maria.id]), {"pin": "2468"}).status_code
        == 404
    )


def test_another_group_s_device_cannot_reach_her(world: World) -> None:
    set_pin(world)
    juli_device = register_device(world, world.lucia, world.juli)
    assert "María" not in juli_device.get(reverse("centre_home")).content.decode()
    assert pin(juli_device, world, "2468").status_code == 404


def test_only_the_coordinator_sets_pins_and_registers_devices(world: World) -> None:
    url = reverse("member_pin", args=[world.camacani.id, world.maria.id])
    assert world.client_for(world.teresa).get(url).status_code == 403
    assert world.client_for(world.maria_user).get(url).status_code == 403
    assert world.client_for(world.lucia).get(url).status_code == 404
    register = reverse("centre_register", args=[world.camacani.id])
    assert world.client_for(world.teresa).post(register, {"name": "x"}).status_code == 403


def test_someone_with_another_role_cannot_get_a_pin(world: World) -> None:
    from minka.members.models import GroupRole, Role

    GroupRole.objects.create(
        user=world.teresa, group=world.camacani, role=Role.MEMBER, member=world.juana
    )
    rosa = world.client_for(world.rosa)
    page = rosa.post(
        reverse("member_pin", args=[world.camacani.id, world.juana.id]),
        {"pin": "1234", "again": "1234"},
    )
    assert "contraseña" in page.content.decode()
    assert not MemberPin.objects.filter(member=world.juana).exists()
