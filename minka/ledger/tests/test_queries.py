"""The balances page asks the database the same number of questions for 3 members as
for 30: one grouped query computes everyone's money."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minka.ledger.selectors import member_balances
from minka.ledger.services import earning_add, entry_reverse, payout_make
from minka.ledger.tests.helpers import url
from minka.members.models import Member


def give_money(member, by, n):
    """An earning, a payout, a second earning reversed: every kind of entry."""
    earning_add(
        member=member,
        quantity=n,
        unit_amount=Decimal("10.25"),
        description="Chullo",
        entry_date=timezone.localdate(),
    )
    payout_make(
        member=member, amount=Decimal("5.00"), paid_on=timezone.localdate(), method="cash", by=by
    )
    wrong = earning_add(
        member=member,
        quantity=1,
        unit_amount=Decimal("45.00"),
        description="Chompa",
        entry_date=timezone.localdate(),
    )
    entry_reverse(entry=wrong, reason="Error", by=by, on=timezone.localdate())


def page_queries(world):
    client = world.client_for(world.teresa)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("balances", world.camacani))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_balances_page_costs_the_same_for_3_members_as_for_30(world):
    for n, member in enumerate((world.maria, world.juana, world.carmen), start=1):
        give_money(member, world.teresa, n)
    few, _html = page_queries(world)

    for number in range(4, 31):
        member = Member.objects.create(
            group=world.camacani, number=number, first_name=f"Socia{number}", last_name="Prueba"
        )
        give_money(member, world.teresa, number)
    many, html = page_queries(world)

    assert many == few
    # Session, user, the reviewed strings' version, her access to the group (the group,
    # her roles, staff or not: one query), then one query for all the money.
    assert few == 5
    assert html.count('name="member"') == 30
    # Socia 30: earned 30 x 10.25 = 307.50 (the reversed 45.00 does not count), received 5.
    assert 'data-testid="balance-30"><strong>S/ 302.50</strong>' in html


def test_earned_and_received_leave_out_what_was_corrected(world):
    give_money(world.maria, world.teresa, 4)
    row = next(r for r in member_balances(world.camacani) if r.member == world.maria)
    assert (row.earned, row.received, row.balance) == (
        Decimal("41.00"),
        Decimal("5.00"),
        Decimal("36.00"),
    )
    assert [r.member for r in member_balances(world.camacani)] == [
        world.maria,
        world.juana,
        world.carmen,
    ]
