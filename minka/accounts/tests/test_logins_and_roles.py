"""Logins and roles through the web. Rosa (coordinator of Camacani) makes a login for
Juana, who signs in and must choose her own password; Rosa gives and takes roles, resets
a password, and cannot remove herself as the last coordinator. Sofía (the
organisation's staff) may do the same; Teresa (treasurer) and María (member) get 403,
Lucía (coordinator of Juli) 404. Every change is in the access log."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minka.accounts.models import PasswordToChange
from minka.conftest import PASSWORD, World
from minka.governance import services as governance
from minka.governance.models import Post
from minka.members.models import AccessLogEntry, Action, Group, GroupRole, Role

FIRST = "primera-clave-1"


def url(world: World, name: str, *args: object) -> str:
    return reverse(name, args=[world.camacani.id, *args])


def make_login(world: World, member, username: str, by=None) -> object:
    client = world.client_for(by or world.rosa)
    return client.post(
        url(world, "login_create", member.id), {"username": username, "password": FIRST}
    )


def roles(user: User, group: Group) -> set[str]:
    return set(GroupRole.objects.filter(user=user, group=group).values_list("role", flat=True))


def sign_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_a_new_login_signs_in_and_must_choose_her_own_password(world: World) -> None:
    response = make_login(world, world.juana, "juana.condori")
    assert response.status_code == 302
    juana = User.objects.get(username="juana.condori")
    assert GroupRole.objects.get(user=juana).member == world.juana
    assert roles(juana, world.camacani) == {Role.MEMBER}
    assert PasswordToChange.objects.filter(user=juana).exists()
    log = AccessLogEntry.objects.get(action=Action.ROLE, member=world.juana)
    assert log.user == world.rosa and "juana.condori" in log.detail

    client = sign_in("juana.condori", FIRST)
    statement = reverse("member_statement", args=[world.camacani.id, world.juana.id])
    response = client.get(statement)
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "Elija ahora una propia" in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": FIRST,
            "new_password1": "mi-propia-clave",
            "new_password2": "mi-propia-clave",
        },
    )
    assert response.status_code == 302
    assert not PasswordToChange.objects.filter(user=juana).exists()
    response = client.get(statement)
    assert response.status_code == 200 and "Juana" in response.content.decode()
    # Her own pages only.
    assert client.get(reverse("dashboard", args=[world.camacani.id])).status_code == 302
    assert client.get(reverse("material_stock", args=[world.camacani.id])).status_code == 403


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("teresa", FIRST, "Ya existe el usuario «teresa»"),
        ("TERESA", FIRST, "Ya existe el usuario «TERESA»"),
        ("juana", "corta", "La contraseña es demasiado corta"),
        ("juana condori", FIRST, "nombre de usuario válido"),
        ("", FIRST, "Este campo es obligatorio"),
    ],
)
def test_a_bad_login_is_refused_and_nothing_is_saved(
    world: World, username: str, password: str, message: str
) -> None:
    users = User.objects.count()
    response = world.client_for(world.rosa).post(
        url(world, "login_create", world.juana.id), {"username": username, "password": password}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == users
    assert not GroupRole.objects.filter(member=world.juana).exists()
    assert not AccessLogEntry.objects.filter(action=Action.ROLE).exists()


def test_a_member_who_already_has_a_login_gets_no_second_one(world: World) -> None:
    response = make_login(world, world.maria, "maria.quispe")
    assert response.status_code == 400
    assert "ya tiene el usuario «maria»" in response.content.decode()
    assert not User.objects.filter(username="maria.quispe").exists()


def test_the_coordinator_gives_and_takes_roles(world: World) -> None:
    make_login(world, world.juana, "juana.condori")
    juana = User.objects.get(username="juana.condori")
    rosa = world.client_for(world.rosa)
    page = rosa.get(url(world, "login_list")).content.decode()
    assert "juana.condori" in page and "Carmen Huanca Ccama" in page  # Carmen has none

    response = rosa.post(url(world, "login_roles", juana.id), {"roles": ["treasurer"]})
    assert response.status_code == 302
    assert roles(juana, world.camacani) == {Role.MEMBER, Role.TREASURER}
    assert (
        world.client_for(juana).get(reverse("balances", args=[world.camacani.id])).status_code
        == 200
    )

    response = rosa.post(url(world, "login_roles", juana.id), {})
    assert response.status_code == 302
    assert roles(juana, world.camacani) == {Role.MEMBER}
    details = list(
        AccessLogEntry.objects.filter(action=Action.ROLE)
        .order_by("created_at")
        .values_list("detail", flat=True)
    )
    assert details == [
        "juana.condori: login",
        "juana.condori: +treasurer",
        "juana.condori: -treasurer",
    ]


def test_the_last_coordinator_cannot_be_removed(world: World) -> None:
    rosa = world.client_for(world.rosa)
    response = rosa.post(url(world, "login_roles", world.rosa.id), {"roles": ["treasurer"]})
    assert response.status_code == 400
    assert "es la única coordinadora del grupo" in response.content.decode()
    assert roles(world.rosa, world.camacani) == {Role.COORDINATOR}  # not even the gift
    # With a second coordinator, Rosa may hand over.
    rosa.post(url(world, "login_roles", world.teresa.id), {"roles": ["coordinator", "treasurer"]})
    response = rosa.post(url(world, "login_roles", world.rosa.id), {"roles": []})
    assert response.status_code == 302
    assert roles(world.rosa, world.camacani) == set()


def test_a_password_reset_must_be_changed_and_works(world: World) -> None:
    rosa = world.client_for(world.rosa)
    response = rosa.post(url(world, "login_password", world.teresa.id), {"password": "x"})
    assert response.status_code == 400
    assert world.teresa.check_password(PASSWORD)  # unchanged
    response = rosa.post(url(world, "login_password", world.teresa.id), {"password": FIRST})
    assert response.status_code == 302
    client = sign_in("teresa", FIRST)
    assert client.get(reverse("balances", args=[world.camacani.id]))["Location"] == reverse(
        "password_change"
    )
    # Her own password she changes on her own page.
    response = rosa.post(url(world, "login_password", world.rosa.id), {"password": FIRST})
    assert response.status_code == 400 and "Cambiar mi contraseña" in response.content.decode()
    # A login that also works for another group is the organisation's to reset.
    GroupRole.objects.create(user=world.lucia, group=world.camacani, role=Role.TREASURER)
    response = rosa.post(url(world, "login_password", world.lucia.id), {"password": FIRST})
    assert response.status_code == 400
    assert "pida a la red" in response.content.decode()
    world.lucia.refresh_from_db()
    assert world.lucia.check_password(PASSWORD)


def test_only_the_coordinator_and_the_organisation_manage_logins(world: World) -> None:
    pages = [
        url(world, "login_list"),
        url(world, "login_create", world.juana.id),
        url(world, "login_roles", world.teresa.id),
        url(world, "login_password", world.teresa.id),
    ]
    for page in pages:
        assert world.client_for(world.rosa).get(page).status_code == 200
        assert world.client_for(world.sofia).get(page).status_code == 200
        assert world.client_for(world.teresa).get(page).status_code == 403
        assert world.client_for(world.maria_user).get(page).status_code == 403
        assert world.client_for(world.lucia).get(page).status_code == 404
    # The treasurer cannot make herself coordinator.
    response = world.client_for(world.teresa).post(
        url(world, "login_roles", world.teresa.id), {"roles": ["coordinator"]}
    )
    assert response.status_code == 403
    assert roles(world.teresa, world.camacani) == {Role.TREASURER}
    # A login of another group is not found from here.
    juli_page = url(world, "login_roles", world.lucia.id)
    assert world.client_for(world.rosa).get(juli_page).status_code == 404
    # The organisation's staff makes a login.
    assert make_login(world, world.juana, "juana.c", by=world.sofia).status_code == 302
    assert AccessLogEntry.objects.get(action=Action.ROLE).user == world.sofia


def test_roles_follow_the_new_committee_when_the_coordinator_confirms(world: World) -> None:
    """María was treasurer; the assembly elects Juana; Carmen, president, has no login."""
    rosa = world.client_for(world.rosa)
    rosa.post(url(world, "login_roles", world.maria_user.id), {"roles": ["treasurer"]})
    make_login(world, world.juana, "juana.condori")
    juana = User.objects.get(username="juana.condori")
    today = timezone.localdate()
    term = governance.term_create(
        group=world.camacani, starts_on=today, ends_on=today + timedelta(days=730)
    )
    response = rosa.post(
        url(world, "post_assign", term.id), {"post": Post.TREASURER, "member": world.juana.id}
    )
    # Asked, never silent: the screen of proposed changes, and nothing changed yet.
    assert response["Location"] == url(world, "committee_roles", term.id)
    assert roles(juana, world.camacani) == {Role.MEMBER}
    rosa.post(
        url(world, "post_assign", term.id), {"post": Post.PRESIDENT, "member": world.carmen.id}
    )
    committee = rosa.get(url(world, "committee")).content.decode()
    assert "cambios por revisar" in committee

    page = rosa.get(url(world, "committee_roles", term.id)).content.decode()
    assert "Juana Condori Apaza recibe el rol de Tesorera" in page
    assert "María Quispe Mamani deja el rol de Tesorera" in page
    # Teresa's login is nobody's member record: shown, left to the coordinator's hand.
    assert "teresa deja el rol de Tesorera: este usuario no es de una socia" in page
    # Carmen has no login: she loses nothing and gets nothing made behind her back.
    assert "Carmen Huanca Ccama recibe el rol de Coordinadora: no tiene usuario" in page
    # Rosa, coordinator, is not a member's login either: her role is not proposed away.
    assert "rosa deja el rol de Coordinadora: este usuario no es de una socia" in page

    keys = [f"+treasurer:{juana.id}", f"-treasurer:{world.maria_user.id}"]
    response = rosa.post(url(world, "committee_roles", term.id), {"changes": keys})
    assert response.status_code == 302
    assert roles(juana, world.camacani) == {Role.MEMBER, Role.TREASURER}
    assert roles(world.maria_user, world.camacani) == {Role.MEMBER}  # her own pages stay
    assert roles(world.teresa, world.camacani) == {Role.TREASURER}
    assert not GroupRole.objects.filter(member=world.carmen).exists()
    assert AccessLogEntry.objects.filter(detail="juana.condori: +treasurer").exists()
    assert AccessLogEntry.objects.filter(detail="maria: -treasurer").exists()

    # A blocked change cannot be forced by posting its key; nothing ticked, nothing done.
    response = rosa.post(url(world, "committee_roles", term.id), {"changes": ["+coordinator:0"]})
    assert response.status_code == 400
    response = rosa.post(url(world, "committee_roles", term.id), {})
    assert response.status_code == 400 and "No marcó ningún cambio" in response.content.decode()
    # The screen is the coordinator's and the organisation's.
    page = url(world, "committee_roles", term.id)
    assert world.client_for(world.sofia).get(page).status_code == 200
    assert world.client_for(world.teresa).get(page).status_code == 403
    assert world.client_for(world.maria_user).get(page).status_code == 403
    assert world.client_for(world.lucia).get(page).status_code == 404


def test_a_pin_only_member_gets_a_password_before_a_role(world: World) -> None:
    """Juana signs in at the centre with a PIN; elected treasurer, she is asked for a
    password first and keeps her PIN meanwhile."""
    rosa = world.client_for(world.rosa)
    rosa.post(
        reverse("member_pin", args=[world.camacani.id, world.juana.id]),
        {"pin": "4321", "again": "4321"},
    )
    pin_user = GroupRole.objects.get(member=world.juana).user
    assert not pin_user.has_usable_password()
    response = rosa.post(url(world, "login_roles", pin_user.id), {"roles": ["treasurer"]})
    assert (
        response.status_code == 400 and "Dele primero una contraseña" in response.content.decode()
    )
    # Making her login keeps the same user, now with a name and a password.
    assert make_login(world, world.juana, "juana.condori").status_code == 302
    pin_user.refresh_from_db()
    assert pin_user.username == "juana.condori" and pin_user.has_usable_password()
    response = rosa.post(url(world, "login_roles", pin_user.id), {"roles": ["treasurer"]})
    assert response.status_code == 302
