"""The demo's season of visits keeps every rule and loses no cent."""

import random
from decimal import Decimal

from django.db.models import Sum

from minka.cash.services import cash_balance
from minka.conftest import World
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import member_balance
from minka.sales.models import FundEntry
from minka.sync.models import Change
from minka.tourism.demodata import tourism_demo
from minka.tourism.models import Booking, BookingStatus, HostAssignment
from minka.tourism.selectors import HOLDING
from minka.tourism.tests.conftest import TODAY


def test_a_season_of_visits_adds_up(world: World) -> None:
    members = list(world.camacani.members.all())
    booked = tourism_demo(
        group=world.camacani, members=members, rng=random.Random(2026), today=TODAY
    )
    assert booked == Booking.objects.count() > 20
    done = Booking.objects.filter(status=BookingStatus.DONE)
    pay = LedgerEntry.objects.filter(kind=EntryKind.HOST_PAY).aggregate(t=Sum("amount"))["t"]
    assert Decimal(pay).quantize(Decimal("0.01")) == sum(b.hosts_amount for b in done)
    fund = FundEntry.objects.aggregate(t=Sum("amount"))["t"]
    assert Decimal(fund).quantize(Decimal("0.01")) == sum(b.fund_amount for b in done)
    soles = [b for b in done if b.currency == "PEN"]
    for b in soles:
        assert b.hosts_amount + b.fund_amount + b.commission == b.received
    deposits = sum(
        b.deposit for b in Booking.objects.filter(status=BookingStatus.CONFIRMED, currency="PEN")
    )
    assert cash_balance(world.camacani) == sum(b.received - b.commission for b in soles) + deposits
    # Nobody hosts twice the same day, and no day is over capacity.
    days = list(
        HostAssignment.objects.filter(booking__status__in=HOLDING).values_list(
            "member_id", "first_day"
        )
    )
    assert len(days) == len(set(days))
    for b in Booking.objects.filter(status__in=HOLDING).select_related("experience"):
        assert b.experience.offered_on(b.visit_date)
    # The hosts' pay went through the ledger's bulk door: each host's balance is the sum
    # of her entries (the month totals agree), and each entry is in the sync change log.
    entries = LedgerEntry.objects.filter(kind=EntryKind.HOST_PAY)
    for member_id in set(entries.values_list("member_id", flat=True)):
        host = world.camacani.members.get(id=member_id)
        own = entries.filter(member=host).aggregate(t=Sum("amount"))["t"]
        assert member_balance(host) == Decimal(own).quantize(Decimal("0.01"))
    logged = set(
        Change.objects.filter(model="ledger.LedgerEntry").values_list("record_id", flat=True)
    )
    assert set(entries.values_list("id", flat=True)) <= logged
