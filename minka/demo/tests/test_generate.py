"""`minka generate`: bulk data for measuring, the same for the same seed, and true sums."""

import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from minka.demo import generate
from minka.governance.models import Meeting, MeetingKind
from minka.learning.models import Attendance, Training, TrainingSession
from minka.ledger.models import EntryKind, LedgerEntry, Payout
from minka.members.models import Group, Member, Organisation
from minka.members.models import Sequence as NumberSequence
from minka.production.models import Delivery, Order, Product, QualityCheck
from minka.sales.models import Sale, Settlement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
SMALL = generate.Scale(groups=2, members=8, months=4)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Rollback(Exception):
    pass


def build_and_forget(seed: int) -> tuple[str, str]:
    """Generate, read the fingerprints, and roll everything back."""
    got: list[str] = []
    with pytest.raises(Rollback), transaction.atomic():
        result = generate.generate(scale=SMALL, seed=seed, today=TODAY)
        got += [result.digest, generate.database_fingerprint()]
        raise Rollback
    return got[0], got[1]


def test_the_same_seed_gives_the_same_rows_and_another_seed_others() -> None:
    first = build_and_forget(7)
    assert Group.objects.count() == 0  # rolled back
    assert build_and_forget(7) == first
    assert build_and_forget(8)[0] != first[0]


def test_counts_are_as_asked() -> None:
    result = generate.generate(scale=SMALL, seed=1, today=TODAY)
    assert Group.objects.count() == 2
    assert Member.objects.count() == 16
    assert result.counts["ledger.LedgerEntry"] == LedgerEntry.objects.count() > 0
    assert result.counts["production.Delivery"] == Delivery.objects.count() > 0
    for group in Group.objects.all():
        assert Member.objects.filter(group=group).count() == 8
        orders = Order.objects.filter(group=group)
        # One or two orders a month, and the numbers carry on from the sequence.
        assert 4 <= orders.count() <= 8
        last = NumberSequence.objects.get(group=group, name="order").last
        assert orders.count() == last
        assert all(
            o.number.endswith(f"P{n:04d}") for n, o in enumerate(orders.order_by("number"), 1)
        )
    # Human numbers are unique across groups (they carry the site and the group code).
    assert Order.objects.values("number").distinct().count() == Order.objects.count()
    assert Payout.objects.values("number").distinct().count() == Payout.objects.count()


def test_ledger_earnings_are_exactly_the_graded_pieces_times_the_rate() -> None:
    generate.generate(scale=SMALL, seed=2, today=TODAY)
    rates = {p.id: (p.rate_a, p.rate_b) for p in Product.objects.all()}
    expected: dict[object, Decimal] = defaultdict(Decimal)
    for check in QualityCheck.objects.select_related("delivery__allocation__line"):
        rate_a, rate_b = rates[check.delivery.allocation.line.product_id]
        rate = {"A": rate_a, "B": rate_b}.get(check.grade, Decimal("0"))
        expected[check.delivery_id] += rate * check.quantity
    earned: dict[object, Decimal] = defaultdict(Decimal)
    for entry in LedgerEntry.objects.filter(kind=EntryKind.EARNING):
        assert entry.amount == entry.unit_amount * entry.quantity
        assert entry.source_type == "production.delivery"
        earned[entry.source_id] += entry.amount
    assert earned == {k: v for k, v in expected.items() if v}
    total_qc = sum(expected.values())
    total_ledger = LedgerEntry.objects.filter(kind=EntryKind.EARNING).aggregate(s=Sum("amount"))
    assert total_ledger["s"] == total_qc


def test_payouts_pay_what_was_owed_and_corrections_reverse_once() -> None:
    generate.generate(scale=generate.Scale(groups=1, members=30, months=12), seed=3, today=TODAY)
    for payout in Payout.objects.all():
        entry = payout.entries.get()
        assert entry.amount == -payout.amount
        assert entry.kind == (EntryKind.ADVANCE if payout.is_advance else EntryKind.PAYOUT)
    for reversal in LedgerEntry.objects.filter(kind=EntryKind.REVERSAL):
        assert reversal.reverses is not None
        assert reversal.amount == -reversal.reverses.amount
    for member in Member.objects.all():
        # Paid in full each month: what she is owed now is never below what she was advanced.
        advanced = -(LedgerEntry.objects.filter(member=member, kind=EntryKind.ADVANCE).balance())
        assert LedgerEntry.objects.filter(member=member).balance() >= -advanced


def test_it_refuses_a_database_with_groups_unless_forced() -> None:
    organisation = Organisation.objects.create(name="Red")
    Group.objects.create(organisation=organisation, name="Camacani", code="CAM")
    with pytest.raises(generate.GenerateRefused):
        generate.generate(scale=SMALL, seed=1, today=TODAY)
    assert Member.objects.count() == 0
    with pytest.raises(CommandError, match="--force"):
        call_command("generate", "tiny", stdout=io.StringIO())
    generate.generate(scale=SMALL, seed=1, today=TODAY, force=True)
    assert Group.objects.count() == 3


def test_the_command_shows_progress_and_the_pages_work_on_what_it_made() -> None:
    out = io.StringIO()
    call_command("generate", "tiny", "--today", TODAY.isoformat(), "--months", "3", stdout=out)
    text = out.getvalue()
    assert "grupos" in text and "Listo en" in text
    group = Group.objects.order_by("code").first()
    assert group is not None
    coordinator = Client()
    coordinator.force_login(User.objects.get(username=f"coord-{group.code.lower()}"))
    member = Member.objects.filter(group=group, ledger_entries__isnull=False).first()
    order = Order.objects.filter(group=group).first()
    assert member is not None and order is not None
    for path in (
        reverse("dashboard", args=[group.id]),
        reverse("member_statement", args=[group.id, member.id]),
        reverse("order_detail", args=[group.id, order.id]),
        reverse("impact", args=[group.id]),
        reverse("balances", args=[group.id]),
    ):
        assert coordinator.get(path).status_code == 200, path


def test_groups_also_train_meet_fine_and_sell_through_the_services_and_get_it_paid() -> None:
    result = generate.generate(scale=SMALL, seed=5, today=TODAY)
    for group in Group.objects.all():
        assert Training.objects.filter(group=group).exists()
        assert TrainingSession.objects.filter(training__group=group).exists()
        assert Attendance.objects.filter(session__training__group=group).exists()
        assert Meeting.objects.filter(group=group, kind=MeetingKind.ASSEMBLY).exists()
        assert Meeting.objects.filter(group=group, kind=MeetingKind.WEEKLY).count() == 4
        assert Sale.objects.filter(group=group).exists()
        assert Settlement.objects.filter(store__group=group).exists()
    fines = LedgerEntry.objects.filter(kind=EntryKind.FINE)
    shares = LedgerEntry.objects.filter(kind=EntryKind.SALE_SHARE)
    assert fines.exists() and shares.exists()
    assert all(f.amount == Decimal("-5.00") for f in fines)
    # The counts include what the services wrote, and the digest is still the same.
    assert result.counts["ledger.LedgerEntry"] == LedgerEntry.objects.count()
    assert result.counts["learning.Training"] == Training.objects.count()
    # A fine or a share dated before a pay day is in what that pay day paid out: the
    # month-end payout is her whole balance on that day.
    for payout in Payout.objects.filter(is_advance=False).select_related("member")[:50]:
        before = LedgerEntry.objects.filter(
            member=payout.member, entry_date__lte=payout.paid_on
        ).exclude(payout=payout)
        assert before.balance() == payout.amount


def test_the_pages_of_trainings_meetings_and_sales_work_on_what_it_made() -> None:
    generate.generate(scale=SMALL, seed=6, today=TODAY)
    group = Group.objects.order_by("code").first()
    assert group is not None
    coordinator = Client()
    coordinator.force_login(User.objects.get(username=f"coord-{group.code.lower()}"))
    training = Training.objects.filter(group=group).first()
    meeting = Meeting.objects.filter(group=group).order_by("-held_on").first()
    assert training is not None and meeting is not None
    for name, args in (
        ("training_list", [group.id]),
        ("training_detail", [group.id, training.id]),
        ("meeting_list", [group.id]),
        ("meeting_detail", [group.id, meeting.id]),
        ("committee", [group.id]),
        ("sales_home", [group.id]),
        ("stock", [group.id]),
        ("stores", [group.id]),
        ("fund", [group.id]),
        ("sales_report", [group.id]),
    ):
        response = coordinator.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_a_federation_gives_a_life_through_the_services_to_a_sample_of_its_groups() -> None:
    call_command(
        "generate", "federation", "--groups", "3", "--members", "4", "--months", "3",
        "--community-every", "2", "--today", TODAY.isoformat(), stdout=io.StringIO(),
    )  # fmt: skip
    groups = list(Group.objects.order_by("code"))
    with_trainings = [Training.objects.filter(group=g).exists() for g in groups]
    assert with_trainings == [True, False, True]
    assert [Sale.objects.filter(group=g).exists() for g in groups] == [True, False, True]
