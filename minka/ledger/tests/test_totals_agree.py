"""Issue 16, point 6: every screen that shows what the group owes its members shows the
same figure, from the same selector (ledger.selectors.group_owed), on the demo."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from minka.ledger.models import LedgerEntry
from minka.ledger.selectors import group_money, group_owed, member_balances
from minka.members.models import Group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def figure(html: str, testid: str) -> Decimal:
    found = re.search(rf'data-testid="{testid}"[^>]*>\s*(?:<[^>]+>\s*)*(-?)S/ ([\d,]+\.\d\d)', html)
    assert found, f"{testid} not on the page"
    return Decimal(found.group(1) + found.group(2).replace(",", ""))


def dashboard_figure(html: str) -> Decimal:
    found = re.search(r'class="figure">S/ ([\d,]+\.\d\d)</span><span class="label">por pagar', html)
    assert found, "the owed figure is not on the dashboard"
    return Decimal(found.group(1).replace(",", ""))


def test_the_dashboard_the_balances_and_pay_day_show_the_same_owed_figure_on_the_demo():
    call_command("demo", stdout=io.StringIO())
    camacani = Group.objects.get(code="CAM")
    tesorera = Client()
    tesorera.force_login(User.objects.get(username="tesorera"))
    coordinadora = Client()
    coordinadora.force_login(User.objects.get(username="coordinadora"))

    money = group_money(camacani)
    owed = group_owed(camacani)
    assert owed == money.owed
    rows = member_balances(camacani)
    # Owed is what the positive balances add up to; advances out are the negative ones.
    assert owed == sum((r.balance for r in rows if r.balance > 0), Decimal("0"))
    assert money.advances == -sum((r.balance for r in rows if r.balance < 0), Decimal("0"))
    assert money.advances > 0  # the demo has an advance not yet earned back
    assert money.net == LedgerEntry.objects.filter(group=camacani).balance()

    dashboard = coordinadora.get(reverse("dashboard", args=[camacani.id])).content.decode()
    balances = tesorera.get(reverse("balances", args=[camacani.id])).content.decode()
    payday = tesorera.get(reverse("payday_plan", args=[camacani.id])).content.decode()
    shown = {
        "dashboard": dashboard_figure(dashboard),
        "balances": figure(balances, "owed-total"),
        "payday": figure(payday, "owed-total"),
    }
    assert shown == {"dashboard": owed, "balances": owed, "payday": owed}
