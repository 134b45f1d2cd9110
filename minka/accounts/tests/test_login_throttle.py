"""Guessing a password: each name gets five wrong tries an hour, each address thirty.

The refusal reads the same for a real name and a made-up one, so it tells an attacker
nothing about who has an account.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from minka.accounts.forms import TOO_MANY
from minka.accounts.models import LoginAttempt
from minka.conftest import PASSWORD, World


def login(client: Client, username: str, password: str, *, path: str = "/accounts/login/"):
    return client.post(path, {"username": username, "password": password})


def test_five_wrong_passwords_then_even_the_right_one_waits(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = login(client, "maria", "not-her-password")
        assert response.status_code == 200
        assert str(TOO_MANY) not in response.content.decode()
    response = login(client, "maria", PASSWORD)
    assert response.status_code == 200, "the right password must wait after five failures"
    assert str(TOO_MANY) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wait_ends_after_an_hour(world: World) -> None:
    client = Client()
    for _ in range(5):
        login(client, "maria", "wrong")
    LoginAttempt.objects.filter(username="maria").update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    response = login(client, "maria", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.maria_user.pk)


def test_a_made_up_name_gets_the_same_answer(world: World) -> None:
    real, made_up = Client(), Client()
    for _ in range(6):
        answer_real = login(real, "maria", "wrong").content.decode()
        answer_made_up = login(made_up, "nadie-se-llama-asi", "wrong").content.decode()
    assert str(TOO_MANY) in answer_real and str(TOO_MANY) in answer_made_up


def test_a_success_clears_her_failures(world: World) -> None:
    client = Client()
    for _ in range(4):
        login(client, "maria", "wrong")
    assert login(client, "maria", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "maria", "wrong")
    assert login(client, "maria", PASSWORD).status_code == 302


def test_one_address_trying_many_names_is_stopped(world: World, settings) -> None:
    settings.MINKA_LOGIN_FAILURES_PER_ADDRESS = 30
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(30):
        login(attacker, f"socia{n}", "123456")
    response = login(attacker, "rosa", PASSWORD)
    assert str(TOO_MANY) in response.content.decode()
    # Rosa herself, from the centre's laptop, still gets in.
    assert login(Client(REMOTE_ADDR="192.0.2.1"), "rosa", PASSWORD).status_code == 302


def test_behind_our_proxy_the_forwarded_address_counts(world: World, settings) -> None:
    settings.MINKA_BEHIND_PROXY = True
    for n in range(30):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").post(
            "/accounts/login/", {"username": f"x{n}", "password": "y"}
        )
    blocked = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert str(TOO_MANY) in login(blocked, "rosa", PASSWORD).content.decode()
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert login(other, "rosa", PASSWORD).status_code == 302


@pytest.mark.parametrize("path", ["/admin/login/"])
def test_admin_sign_in_is_limited_too(world: World, path: str) -> None:
    world.sofia.is_staff = True
    world.sofia.save()
    client = Client()
    for _ in range(5):
        login(client, "sofia", "wrong", path=path)
    response = login(client, "sofia", PASSWORD, path=path)
    assert str(TOO_MANY) in response.content.decode()
    assert "_auth_user_id" not in client.session
