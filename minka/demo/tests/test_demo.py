"""`minka demo`: a believable demo, built through the services, the same on every run."""

import hashlib
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from minka.demo import loader as demo
from minka.governance.models import Meeting
from minka.ledger.models import EntryKind, LedgerEntry, Payout
from minka.members.models import Group, Member, Organisation
from minka.portal.models import PayDay
from minka.production.models import (
    Allocation,
    Delivery,
    MaterialMove,
    Order,
    OrderStatus,
    QualityCheck,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Real password hashing is most of the time of a demo build; the tests build several.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def fingerprint() -> str:
    """A digest of what the demo holds, by human keys (ids and timestamps differ)."""
    rows: list[object] = []
    for m in Member.objects.select_related("group").prefetch_related("skills__technique"):
        skills = sorted((s.technique.name, s.level) for s in m.skills.all())
        rows.append(
            [
                m.group.code,
                m.number,
                m.full_name,
                m.community,
                m.languages,
                m.joined_on,
                m.status,
                m.hours_per_week,
                skills,
            ]
        )
    for a in Allocation.objects.select_related("line__order", "line__product", "member"):
        rows.append([a.line.order.number, a.line.product.code, a.member.number, a.quantity])
    for c in QualityCheck.objects.select_related(
        "delivery__allocation__member", "delivery__allocation__line__product"
    ):
        d = c.delivery
        rows.append(
            [
                d.allocation.line.product.code,
                d.allocation.member.number,
                d.received_on,
                d.quantity,
                c.grade,
                c.quantity,
                c.defect,
            ]
        )
    for mv in MaterialMove.objects.select_related("member", "material"):
        number = mv.member.number if mv.member else None
        rows.append([number, mv.material.colour, mv.kind, mv.lot, mv.grams, mv.moved_on])
    for e in LedgerEntry.objects.select_related("member"):
        rows.append([e.member.number, e.kind, e.amount, e.entry_date, e.description])
    for p in Payout.objects.select_related("member"):
        rows.append([p.number, p.member.number, p.amount, p.paid_on, p.method, p.is_advance])
    for meeting in Meeting.objects.select_related("group"):
        rows.append([meeting.group.code, meeting.kind, meeting.held_on, meeting.expected])
    for payday in PayDay.objects.select_related("group", "set_by"):
        rows.append([payday.group.code, payday.next_on, payday.set_by.username])
    text = sorted(json.dumps(row, default=str, ensure_ascii=False) for row in rows)
    return hashlib.sha256("\n".join(text).encode()).hexdigest()


def test_the_demo_has_the_two_puno_groups_with_50_and_19_members():
    out = load_demo()

    org = Organisation.objects.get()
    assert org.name == "Red de Artesanas del Altiplano"
    sizes = {g.code: g.members.count() for g in Group.objects.all()}
    assert sizes == {"CAM": 50, "JUL": 19}
    assert Group.objects.get(code="CAM").name == "Asociación de Artesanas Camacani"
    assert Group.objects.get(code="JUL").name == "Asociación de Artesanas Juli"
    # Juli speaks Aymara; everyone has a skill.
    assert all(
        "ay" in m.languages
        for m in Member.objects.filter(group__code="JUL")
        if m.languages != ["es"]
    )
    assert not Member.objects.filter(skills__isnull=True).exists()
    # Progress and the logins are printed.
    assert "CAM: 50 socias" in out and "JUL: 19 socias" in out
    for login in demo.LOGINS:
        assert login.username in out
    assert "minka-demo" in out


def test_the_demo_users_log_in_and_see_their_pages():
    load_demo()
    camacani = Group.objects.get(code="CAM")
    client = Client()
    for login in demo.LOGINS:
        assert client.login(username=login.username, password="minka-demo"), login.username
        client.logout()

    client.login(username="coordinadora", password="minka-demo")
    response = client.get(reverse("dashboard", args=[camacani.id]))
    assert response.status_code == 200
    assert "S1-CAM-P0002" in response.content.decode()  # the season's order is open

    # The member goes straight to her own statement.
    socia = User.objects.get(username="socia")
    member = socia.group_roles.get().member
    assert member is not None and member.group == camacani
    # She is not the coordinator or the treasurer under another login.
    others = {User.objects.get(username=u).get_full_name() for u in ("coordinadora", "tesorera")}
    assert socia.get_full_name() == member.full_name and member.full_name not in others
    client.logout()
    client.login(username="socia", password="minka-demo")
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("member_statement", args=[camacani.id, member.id])
    # Her start page looks ahead: the next meeting and the pay day the treasurer announced.
    page = client.get(response.url).content.decode()
    assert 'data-testid="next-meeting"' in page and 'data-testid="pay-day"' in page
    assert "Sin fecha todavía" not in page


def test_the_demo_numbers_are_real_ones_from_the_services():
    load_demo()
    today = date.today()

    old, season = Order.objects.filter(group__code="CAM").order_by("ordered_on")
    assert old.status == OrderStatus.PAID
    assert season.status == OrderStatus.IN_PRODUCTION
    assert season.currency == "USD" and 3 < season.exchange_rate < 4
    assert Order.objects.get(group__code="JUL").status == OrderStatus.IN_PRODUCTION
    # Every piece of every line was given out, through allocations_confirm.
    for order in Order.objects.all():
        for line in order.lines.all():
            assert sum(a.quantity for a in line.allocations.all()) == line.quantity
    # Deliveries lie in past weeks, each graded in full, mostly grade A.
    assert not Delivery.objects.filter(received_on__gt=today).exists()
    for d in Delivery.objects.prefetch_related("checks"):
        assert sum(c.quantity for c in d.checks.all()) == d.quantity
    grades = {
        g: sum(QualityCheck.objects.filter(grade=g).values_list("quantity", flat=True))
        for g in ("A", "B", "rework", "rejected")
    }
    assert grades["A"] > 3 * grades["B"] > 0
    assert grades["rework"] > 0 and grades["rejected"] > 0
    # Each accepted piece earned its rate, and nothing else did.
    earned = sum(
        LedgerEntry.objects.filter(kind=EntryKind.EARNING).values_list("amount", flat=True)
    )
    by_rate = sum(
        c.quantity * c.delivery.allocation.line.product.rate_for(c.grade)
        for c in QualityCheck.objects.select_related("delivery__allocation__line__product")
    )
    assert earned == by_rate
    # Payouts came from the treasurer, with one correction.
    assert Payout.objects.exists()
    assert set(Payout.objects.values_list("paid_by__username", flat=True)) == {"tesorera"}
    assert LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 1


def test_balances_are_never_negative_except_after_an_advance():
    load_demo()
    negative = 0
    for member in Member.objects.all():
        balance = LedgerEntry.objects.filter(member=member).balance()
        if balance < 0:
            negative += 1
            # Only an advance, or a fine for missing the assembly, puts her in debt.
            assert member.ledger_entries.filter(
                kind__in=[EntryKind.ADVANCE, EntryKind.FINE]
            ).exists(), member
    assert negative >= 1  # the demo shows what an advance looks like
    # The group owes its members money: there is something to pay.
    assert LedgerEntry.objects.filter(group__code="CAM").balance() > 0


def test_the_demo_has_trainings_meetings_and_a_committee():
    from minka.governance.models import PostHolding, Term
    from minka.learning.models import Certificate, Training

    load_demo()
    camacani = Group.objects.get(code="CAM")
    today = date.today()
    # The next weekly meeting is on the calendar, a few days ahead, after four held ones.
    ahead = Meeting.objects.filter(group=camacani, held_on__gt=today)
    assert [(m.kind, (m.held_on - today).days) for m in ahead] == [("weekly", 3)]
    assert Meeting.objects.filter(group=camacani, kind="weekly").count() == 5
    # The treasurer announced the next pay day, through the pay-day page's service.
    payday = PayDay.objects.get(group=camacani)
    assert (payday.next_on - today).days == 5 and payday.set_by.username == "tesorera"
    trainings = Training.objects.filter(group=camacani)
    assert trainings.count() == 4 and trainings.filter(sensitive=True).count() == 1
    assert Certificate.objects.filter(training__group=camacani).count() == 6
    assert Meeting.objects.filter(group=camacani, kind="assembly").count() == 1
    assert Term.objects.filter(group=camacani).count() == 2
    assert PostHolding.objects.filter(term__group=camacani).count() == 12
    fines = LedgerEntry.objects.filter(group=camacani, kind=EntryKind.FINE)
    assert fines.exists() and all(f.amount == Decimal("-5.00") for f in fines)


def test_the_demo_sells_pieces_and_credits_makers_and_the_fund():
    from minka.sales.models import FundEntry, Sale, Settlement

    load_demo()
    camacani = Group.objects.get(code="CAM")
    assert Sale.objects.filter(group=camacani).count() > 5
    assert Settlement.objects.filter(store__group=camacani).count() == 1
    shares = LedgerEntry.objects.filter(group=camacani, kind=EntryKind.SALE_SHARE)
    assert shares.exists()
    assert FundEntry.objects.filter(group=camacani).balance() > 0


def test_the_demo_is_the_same_on_every_run():
    today = date.today()
    with transaction.atomic():
        demo.build_demo(today=today)
        first = fingerprint()
        names = list(
            Member.objects.filter(group__code="CAM").values_list("first_name", "last_name")
        )
        transaction.set_rollback(True)  # back to an empty database
    assert not Group.objects.exists()

    demo.build_demo(today=today)

    assert (
        list(Member.objects.filter(group__code="CAM").values_list("first_name", "last_name"))
        == names
    )
    assert fingerprint() == first


def test_loading_the_demo_twice_is_refused_and_changes_nothing():
    load_demo()
    members, entries = Member.objects.count(), LedgerEntry.objects.count()

    with pytest.raises(CommandError, match="ya tiene grupos") as refused:
        load_demo()

    assert "MINKA_DATA_DIR" in str(refused.value)  # it says what to do instead
    assert (Member.objects.count(), LedgerEntry.objects.count()) == (members, entries)


def test_skip_if_loaded_accepts_a_loaded_demo_but_not_other_data():
    load_demo()
    out = io.StringIO()
    call_command("demo", "--skip-if-loaded", stdout=out)
    assert "ya está cargada" in out.getvalue()
    assert Group.objects.count() == 2


def test_the_demo_is_not_loaded_next_to_real_groups():
    org = Organisation.objects.create(name="Otra red")
    Group.objects.create(organisation=org, name="Asociación Taquile", code="TAQ")

    with pytest.raises(CommandError, match="TAQ"):
        call_command("demo", "--skip-if-loaded", stdout=io.StringIO())

    assert not Member.objects.exists()
