"""A donor's login, on every page Minka has: never a member's name, phone, referral or
money. dana reads her donor's project (aggregates only); everything about the groups and
their members answers 403 or 404 (or sends her to sign in), and no page she can open
names a woman.

The pages are every address of the URL configuration, filled with records of Camacani
(the same walk as minka/tests/test_fuzz_every_form.py), plus the project pages.
"""

import io
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.ledger.services import member_balance
from minka.organisation.tests.conftest import build_desk
from minka.privacy.models import SupportService
from minka.privacy.services import companion_set, referral_make
from minka.tests.test_fuzz_every_form import concrete_paths

pytestmark = pytest.mark.django_db

# What a donor may open besides the home page: her projects' pages and reports, and the
# pages of her own login.
DONOR_MAY_OPEN = ("/red/", "/accounts/", "/i18n/")


def readable(answer: Any, tmp_path: Path) -> str:
    """The text a person reads: a PDF through pdftotext, a spreadsheet's cells."""
    kind = answer.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        pdf = tmp_path / "page.pdf"
        pdf.write_bytes(answer.content)
        done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
        return done.stdout
    if "spreadsheet" in kind:
        with zipfile.ZipFile(io.BytesIO(answer.content)) as book:
            return " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    return str(answer.content.decode(errors="replace"))


def test_a_donor_login_sees_no_member_s_name_phone_referral_or_money(
    world: World, tmp_path: Path
) -> None:
    desk = build_desk(world)
    world.maria.phone = "987123456"
    world.maria.save()
    companion_set(
        group=world.camacani, user=world.rosa, trained_on=timezone.localdate(), by=world.sofia
    )
    helpline = SupportService.objects.get(phone="100")
    referral_make(
        member=world.maria,
        service=helpline,
        referred_on=timezone.localdate(),
        accompanied=True,
        consent_method="spoken",
        consent_given=True,
        by=world.rosa,
    )
    assert member_balance(world.maria) != Decimal("0")
    p, org = desk.project.id, world.org.id
    period = f"?start={desk.first:%Y-%m-%d}&end={desk.last:%Y-%m-%d}"
    paths = [
        *concrete_paths(world.camacani),
        reverse("project", args=[p]),
        reverse("project_iati", args=[p]),
        reverse("project_pdf", args=[p]) + period,
        reverse("project_xlsx", args=[p]) + period,
        reverse("desk", args=[org]),
        reverse("organisation_access_log", args=[org]),
    ]
    women = [world.maria, world.juana, world.carmen, world.juli_member]
    secrets = [m.full_name for m in women] + [m.last_name for m in women]
    secrets += [world.maria.phone, helpline.name]
    dana = world.client_for(desk.dana)
    opened = []
    for path in paths:
        answer = dana.get(path)
        assert answer.status_code < 500, path
        if answer.status_code == 200:
            opened.append(path)
            text = readable(answer, tmp_path)
            for secret in secrets:
                assert secret not in text, (path, secret)
            assert "derivación" not in text.lower(), path
        else:
            # 400: a report asked for with no period says how to ask.
            assert answer.status_code in {302, 400, 403, 404, 405}, (path, answer.status_code)
    # Of a group's pages, only the public ones (the catalogue, the visit page) open, as
    # they do for anyone; their names were checked above like every other page.
    anonymous = Client()
    for path in opened:
        if path != "/" and not path.startswith(DONOR_MAY_OPEN):
            assert anonymous.get(path).status_code == 200, f"a donor opened {path}"
    assert reverse("project", args=[p]) in opened  # she does read her project
    assert len(paths) > 60
