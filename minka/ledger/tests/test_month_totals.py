"""Balances are read from month totals that entry_add keeps in the same transaction;
`minka check-ledger` proves them against the SUM over the ledger, on the demo too, and
the bulk loader keeps them as exact as entry_add does."""

import io
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from minka.ledger.bulk import ENTRY_COLUMNS, ledger_rows_insert, month_totals_rebuild
from minka.ledger.models import EntryKind, LedgerEntry, MonthTotal
from minka.ledger.selectors import group_owed, member_balance, member_money, member_sale_shares
from minka.ledger.services import earning_add, entry_add, entry_reverse, payout_make


def check_ledger() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check-ledger", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def earn(member, amount: str, on: date) -> LedgerEntry:
    entry = earning_add(
        member=member,
        quantity=1,
        unit_amount=Decimal(amount),
        description="Chompa",
        entry_date=on,
    )
    assert entry is not None
    return entry


def test_month_totals_follow_every_entry_and_agree_with_the_ledger(world):
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=1)
    earn(world.maria, "0.10", last_month)
    earn(world.maria, "0.20", last_month)
    wrong = earn(world.maria, "45.00", today)
    entry_reverse(entry=wrong, reason="Se contó dos veces", by=world.teresa, on=today)
    payout_make(
        member=world.maria, amount=Decimal("0.25"), paid_on=today, method="cash", by=world.teresa
    )
    earn(world.juana, "12.34", today)

    months = {
        (t.month, t.amount_cents, t.earned_cents, t.received_cents, t.entries)
        for t in MonthTotal.objects.filter(member=world.maria)
    }
    assert months == {
        (last_month.replace(day=1), 30, 30, 0, 2),
        (today.replace(day=1), -25, 0, -25, 3),
    }
    assert (
        member_balance(world.maria)
        == Decimal("0.05")
        == LedgerEntry.objects.filter(member=world.maria).balance()
    )
    money = member_money(world.maria)
    assert (money.earned, money.received) == (Decimal("0.30"), Decimal("0.25"))
    assert group_owed(world.camacani) == Decimal("12.39")
    assert check_ledger() == (0, "2 grupo(s) revisado(s): sin diferencias.\n")


def test_check_ledger_names_a_month_that_drifted_and_exits_1(world):
    earn(world.maria, "45.00", timezone.localdate())
    MonthTotal.objects.filter(member=world.maria).update(amount_cents=4400)

    code, text = check_ledger()

    assert code == 1
    assert "DIFERENCIA María" in text and "cuenta 45.00" in text and "guardado 44.00" in text
    assert "1 mes(es) con diferencia." in text


def test_check_ledger_finds_a_month_total_with_no_entries_behind_it(world):
    MonthTotal.objects.create(
        group=world.camacani, member=world.juana, month=date(2026, 1, 1), amount_cents=100
    )
    code, text = check_ledger()
    assert code == 1 and "DIFERENCIA Juana" in text


@pytest.mark.django_db
def test_check_ledger_on_the_demo_finds_no_drift(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())
    assert LedgerEntry.objects.count() > 100
    code, text = check_ledger()
    assert code == 0, text
    assert text.endswith("sin diferencias.\n")


def row(world, member, kind: str, amount: str, on: date, reverses=None) -> tuple:
    values = {
        "id": uuid.uuid4().hex,
        "site": "S1",
        "created_at": "2026-01-05 10:00:00.000000",
        "group_id": member.group_id.hex,
        "member_id": member.id.hex,
        "kind": kind,
        "amount": amount,
        "currency": "PEN",
        "entry_date": on.isoformat(),
        "description": "Carga",
        "quantity": None,
        "unit_amount": None,
        "reverses_id": reverses,
        "payout_id": None,
        "source_type": "",
        "source_id": None,
        "created_by_id": world.rosa.id,
    }
    return tuple(values[c] for c in ENTRY_COLUMNS)


def test_the_bulk_loader_writes_rows_and_their_month_totals_in_one_go(world):
    day = date(2026, 1, 5)
    earned = row(world, world.maria, "earning", "90.00", day)
    rows = [
        earned,
        row(world, world.maria, "reversal", "-90.00", day, reverses=earned[0]),
        row(world, world.maria, "earning", "45.00", day + timedelta(days=40)),
        row(world, world.juana, "sale_share", "10.05", day),
    ]
    ledger_rows_insert(payouts=[], entries=rows)

    assert LedgerEntry.objects.count() == 4
    assert member_balance(world.maria) == Decimal("45.00")
    assert member_money(world.maria).earned == Decimal("45.00")
    assert member_money(world.juana).earned == Decimal("10.05")
    assert check_ledger()[0] == 0


def test_rebuilding_the_month_totals_repairs_drift(world):
    earn(world.maria, "45.00", timezone.localdate())
    MonthTotal.objects.all().delete()
    assert check_ledger()[0] == 1
    month_totals_rebuild(group_ids=[world.camacani.id, world.juli.id])
    assert check_ledger()[0] == 0
    assert member_balance(world.maria) == Decimal("45.00")


def test_her_sale_shares_are_summed_apart_and_net_of_corrections(world):
    today = timezone.localdate()
    for amount in ("24.99", "10.00"):
        entry_add(
            member=world.maria,
            kind=EntryKind.SALE_SHARE,
            amount=Decimal(amount),
            entry_date=today,
            description="Venta",
        )
    voided = world.maria.ledger_entries.get(amount=Decimal("10.00"))
    entry_reverse(entry=voided, reason="Venta anulada", by=world.teresa, on=today)
    earn(world.maria, "45.00", today)

    assert member_sale_shares(world.maria) == Decimal("24.99")
    assert member_money(world.maria).earned == Decimal("69.99")
    assert check_ledger()[0] == 0
