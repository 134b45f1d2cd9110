#!/usr/bin/env python
"""Pay day figures (issue 16): what it costs the treasurer to pay 50 women, before and
after the pay-day plan, and the pay sheet PDF's generation time for 50 and 500 women.

In a fresh SQLite database (a temporary folder), three groups of N women, each owed an
amount with odd céntimos, are paid three ways through Django's whole request handling
(no socket), counting the treasurer's actions (a tap or a click; typing nothing) and the
pages that load (a redirect and the page it leads to count as one load):

- one by one (the flow before issue 16): from the balances page, "Pagar" beside her
  name, "Pagar y hacer el recibo", "Volver a las cuentas", for each woman;
- ticking boxes on the balances page (issue 9's batch payment), then one submit;
- the pay-day plan: open it, "Pagar a todas".

Then the planilla is drawn for 50 and 500 women (minka.ledger.paysheet, no database),
best and median of --runs.

    .venv/bin/python bench/payday.py [--women 50] [--runs 5]
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MINKA_DATA_DIR", tempfile.mkdtemp(prefix="minka-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from minka.ledger.models import Payout  # noqa: E402
from minka.ledger.paysheet import SheetRow, pay_sheet_pdf  # noqa: E402
from minka.ledger.services import earning_add  # noqa: E402
from minka.members.models import Group, GroupRole, Member, Organisation, Role  # noqa: E402

TODAY = timezone.localdate()


class Treasurer:
    """A logged-in browser stand-in that counts what she does and what loads."""

    def __init__(self, user: User) -> None:
        self.client = Client()
        self.client.force_login(user)
        self.actions = 0
        self.loads = 0
        self.seconds = 0.0

    def open(self, path: str, data: dict[str, object] | None = None, *, act: bool) -> str:
        start = time.perf_counter()
        if data is None:
            response = self.client.get(path, follow=True)
        else:
            response = self.client.post(path, data, follow=True)
        self.seconds += time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code)
        self.actions += int(act)
        self.loads += 1
        return response.content.decode()


def group_owed(org: Organisation, code: str, women: int) -> tuple[Group, User]:
    group = Group.objects.create(organisation=org, name=f"Grupo {code}", code=code)
    user = User.objects.create_user(f"tesorera-{code.lower()}", password="x" * 12)
    GroupRole.objects.create(user=user, group=group, role=Role.TREASURER)
    for n in range(1, women + 1):
        member = Member.objects.create(
            group=group, number=n, first_name=f"Socia {n}", last_name="Quispe Mamani"
        )
        earning_add(
            member=member,
            quantity=1 + n % 4,
            unit_amount=Decimal("17.37") + n,
            description="Chompa trenzada",
            entry_date=TODAY,
        )
    return group, user


def one_by_one(group: Group, user: User) -> Treasurer:
    t = Treasurer(user)
    balances = reverse("balances", args=[group.id])
    t.open(balances, act=False)  # she opens the accounts page
    for member in Member.objects.filter(group=group).order_by("number"):
        form = t.open(reverse("payout_create", args=[group.id, member.id]), act=True)
        token = re.search(r'name="token" value="([^"]+)"', form)
        amount = re.search(r'name="amount" value="([^"]+)"', form)
        assert token and amount
        t.open(
            reverse("payout_create", args=[group.id, member.id]),
            {
                "token": token.group(1),
                "amount": amount.group(1),
                "paid_on": TODAY.strftime("%d/%m/%Y"),
                "method": "cash",
            },
            act=True,
        )
        t.open(balances, act=True)  # "Volver a las cuentas"
    return t


def ticking_boxes(group: Group, user: User) -> Treasurer:
    t = Treasurer(user)
    page = t.open(reverse("balances", args=[group.id]), act=False)
    seen = dict(re.findall(r'name="(seen_[0-9a-f-]+)" value="([^"]+)"', page))
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token
    t.actions += len(seen)  # one tick per woman
    t.open(
        reverse("payouts_many", args=[group.id]),
        {
            **seen,
            "member": [k.removeprefix("seen_") for k in seen],
            "token": token.group(1),
            "paid_on": TODAY.strftime("%d/%m/%Y"),
            "method": "cash",
        },
        act=True,
    )
    return t


def pay_day(group: Group, user: User) -> Treasurer:
    t = Treasurer(user)
    page = t.open(reverse("payday_plan", args=[group.id]), act=False)
    seen = dict(re.findall(r'name="(seen_[0-9a-f-]+)" value="([^"]+)"', page))
    token = re.search(r'name="token" value="([^"]+)"', page)
    coin = re.search(r'name="coin" value="([^"]+)"', page)
    assert token and coin
    t.open(
        reverse("payday_pay", args=[group.id]),
        {
            **seen,
            "token": token.group(1),
            "coin": coin.group(1),
            "paid_on": TODAY.strftime("%d/%m/%Y"),
            "method": "cash",
        },
        act=True,
    )
    return t


def sheet_time(women: int, runs: int) -> tuple[float, float, int]:
    rows = [
        SheetRow(n, f"Socia {n} Quispe Mamani", f"S1-CAM-R{n:04d}", Decimal("17.30") + n)
        for n in range(1, women + 1)
    ]
    times = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        pdf = pay_sheet_pdf(
            group_name="Asociación Camacani",
            place="Camacani, Puno",
            paid_on=date.today(),
            method="Efectivo",
            treasurer="Teresa Mamani",
            rows=rows,
        )
        times.append(time.perf_counter() - start)
        size = len(pdf)
    return min(times), statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--women", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(name="Red de prueba")
    print(f"Paying {args.women} women (SQLite, Django's request handling, no socket)")
    print("| flow | actions | page loads | server time s | payouts |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for code, label, flow in (
        ("ONE", "one by one (before)", one_by_one),
        ("BOX", "ticking boxes on the balances page", ticking_boxes),
        ("DAY", "pay-day plan, pay all (after)", pay_day),
    ):
        group, user = group_owed(org, code, args.women)
        t = flow(group, user)
        paid = Payout.objects.filter(group=group).count()
        assert paid == args.women, (label, paid)
        print(f"| {label} | {t.actions} | {t.loads} | {t.seconds:.2f} | {paid} |")
    print()
    print(f"Pay sheet PDF (best and median of {args.runs})")
    print("| women | best s | median s | bytes |")
    print("| ---: | ---: | ---: | ---: |")
    for women in (50, 500):
        best, median, size = sheet_time(women, args.runs)
        print(f"| {women} | {best:.3f} | {median:.3f} | {size:,} |")


if __name__ == "__main__":
    main()
