"""Spanish (Peru) is the source and the default; English is a complete second language.

The English catalog (minka/locale/en/LC_MESSAGES/django.po) is compiled to django.mo and
both are committed, so a machine runs Minka without gettext. These tests check the
switch between the two languages as a person makes it, and that the catalog is whole:
nothing untranslated, nothing fuzzy, and a .mo that says what the .po says.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.ledger.services import earning_add
from minka.production import services

MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def switch_to_english(client: Client, next_url: str) -> None:
    """Press the 'English' button of the language form every page carries."""
    page = client.get(next_url).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language" value="en"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response.url == next_url


def test_coordinator_switches_to_english_and_the_dashboard_follows(world: World) -> None:
    rosa = world.client_for(world.rosa)
    dashboard = reverse("dashboard", args=[world.camacani.id])
    switch_to_english(rosa, dashboard)
    page = rosa.get(dashboard).content.decode()
    assert '<html lang="en">' in page
    for english in ("Orders", "Members", "Designs", "Accounts", "Open orders", "New order"):
        assert english in page
    for spanish in ("Pedidos", "Socias", "Diseños", "Cuentas", "Nuevo pedido"):
        assert spanish not in page
    # The choice lasts: the next page is in English too, with the way back offered.
    orders = rosa.get(reverse("order_list", args=[world.camacani.id])).content.decode()
    assert "<h1>Orders</h1>" in orders
    assert 'name="language" value="es-pe"' in orders and "Español" in orders


def test_spanish_is_the_default(world: World) -> None:
    rosa = world.client_for(world.rosa)  # a fresh client: no language chosen
    page = rosa.get(reverse("dashboard", args=[world.camacani.id])).content.decode()
    assert '<html lang="es-pe">' in page
    assert "Pedidos" in page and "Socias" in page and "pedidos abiertos" in page
    assert "Orders" not in page
    assert 'name="language" value="en"' in page  # English is offered, not imposed


def test_form_errors_come_in_english(world: World) -> None:
    rosa = world.client_for(world.rosa)
    create = reverse("order_create", args=[world.camacani.id])
    switch_to_english(rosa, create)
    # As a browser sends the form left empty: every field, no values. (A POST with no
    # fields at all would leave the form unbound: the view reads `request.POST or None`.)
    empty = dict.fromkeys(
        ["buyer", "currency", "exchange_rate", "ordered_on", "deadline", "notes"], ""
    )
    response = rosa.post(create, empty)
    page = response.content.decode()
    assert response.status_code == 200  # the form again, with its errors
    assert "This field is required." in page
    assert "Este campo es obligatorio." not in page
    assert "Buyer" in page and "Delivery date" in page  # the labels are English too


def test_money_and_dates_are_written_the_peruvian_way(world: World) -> None:
    earning_add(
        member=world.maria,
        quantity=30,
        unit_amount=Decimal("41.15"),
        description="Chompa trenzada",
        entry_date=timezone.localdate(),
    )
    services.order_create(
        group=world.camacani,
        buyer=world.buyer,
        currency="PEN",
        exchange_rate=Decimal("1"),
        deadline=date(2099, 12, 25),
        by=world.rosa,
    )
    rosa = world.client_for(world.rosa)
    dashboard = reverse("dashboard", args=[world.camacani.id])
    page = rosa.get(dashboard).content.decode()
    assert "S/ 1,234.50" in page  # soles: a point for decimals, commas for thousands
    assert "25/12/2099" in page  # day first
    switch_to_english(rosa, dashboard)
    assert "S/ 1,234.50" in rosa.get(dashboard).content.decode()  # money reads the same


# --- the catalog ------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 alone for a singular entry
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (header and obsolete '#~' entries left out)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("", 0)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is None or entry.msgstr:  # a comment opens the next entry
                entry = Entry(line=number)
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(","))
            continue
        keyword, _sep, rest = line.partition(" ")
        if keyword.startswith('"'):  # the continuation of the previous string
            text: str = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
            if keyword in {"msgctxt", "msgid"} and (entry is None or entry.msgstr):
                entry = Entry(line=number)
                entries.append(entry)
            assert entry is not None
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                target = ("msgstr", index)
                entry.msgstr[index] = ""
            else:
                target = (keyword, 0)
                setattr(entry, keyword, "")
        assert entry is not None
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] += text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)
    return [e for e in entries if e.msgid]


def test_the_english_catalog_is_complete() -> None:
    entries = read_po(MESSAGES / "django.po")
    assert len(entries) > 300
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries are ignored at run time: {fuzzy}"
    header = (MESSAGES / "django.po").read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "#, fuzzy" not in header
    empty = [e.msgid for e in entries if not all(e.msgstr.values()) or not e.msgstr]
    assert not empty, f"untranslated: {empty}"
    plurals = [e for e in entries if e.msgid_plural is not None]
    assert plurals and all(sorted(e.msgstr) == [0, 1] for e in plurals)


def test_translations_keep_every_placeholder() -> None:
    for e in read_po(MESSAGES / "django.po"):
        for index, text in e.msgstr.items():
            source = e.msgid_plural if (e.msgid_plural and index > 0) else e.msgid
            # A singular may drop the count ('Print receipt' for one receipt).
            expected = set(PLACEHOLDER.findall(source))
            if e.msgid_plural and index == 0:
                expected &= set(PLACEHOLDER.findall(e.msgid))
            assert set(PLACEHOLDER.findall(text)) == expected, (e.msgid, text)
            assert "{{" not in text and "{%" not in text, (e.msgid, text)


class _Missing(gettext.NullTranslations):
    """Answers a message the .mo lacks with a mark no translation contains."""

    MARK = "\x00missing\x00"

    def gettext(self, message: str) -> str:
        return self.MARK

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.MARK

    def pgettext(self, context: str, message: str) -> str:
        return self.MARK

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.MARK


def test_the_compiled_catalog_matches_the_po() -> None:
    """django.mo is committed; it must say what django.po says (recompile after editing:
    django-admin compilemessages)."""
    with (MESSAGES / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    compiled.add_fallback(_Missing())
    assert compiled.info().get("language") == "en"
    stale = []
    for e in read_po(MESSAGES / "django.po"):
        if e.msgid_plural is None:
            if e.msgctxt is None:
                got = [compiled.gettext(e.msgid)]
            else:
                got = [compiled.pgettext(e.msgctxt, e.msgid)]
        elif e.msgctxt is None:
            got = [compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
        else:
            got = [compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) for n in (1, 2)]
        want = [e.msgstr[i] for i in sorted(e.msgstr)]
        if got != want:
            stale.append((e.msgid, want, got))
    assert not stale, f"django.mo is older than django.po; recompile it: {stale[:5]}"


def test_records_are_written_in_spanish_and_dates_read_day_first_in_english(world):
    """A coordinator working in English still writes Spanish into the ledger (receipts
    print it), and 05/03 typed in English is the 5th of March, as in Peru."""
    from datetime import timedelta

    from django.utils import timezone

    from minka.conftest import order_in_production
    from minka.ledger.models import LedgerEntry

    rosa = world.client_for(world.rosa)
    rosa.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _order, allocations = order_in_production(world, quantity=2)
    alloc = allocations[0]
    day = timezone.localdate() - timedelta(days=1)
    response = rosa.post(
        reverse("delivery_create", args=[world.camacani.id, alloc.id]),
        {
            "received_on": day.strftime("%d/%m/%Y"),
            "quantity": "1",
            "grade_a": "1",
            "grade_b": "0",
            "rework": "0",
            "rejected": "0",
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.entry_date == day
    assert "Grado A" in entry.description and "Grade A" not in entry.description
    page = rosa.get(reverse("member_statement", args=[world.camacani.id, alloc.member_id]))
    assert day.strftime("%d/%m/%Y") in page.content.decode()


def test_a_browser_set_to_english_still_gets_spanish_until_she_chooses(world):
    rosa = world.client_for(world.rosa)
    page = rosa.get(
        reverse("dashboard", args=[world.camacani.id]), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert 'lang="es-pe"' in page.content.decode() and "Pedidos" in page.content.decode()
    rosa.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = rosa.get(reverse("dashboard", args=[world.camacani.id]))
    assert "Orders" in page.content.decode()
