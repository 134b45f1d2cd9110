"""The ledger's promises, over many random histories of one member:

- her balance is always earnings - payouts - corrected amounts, worked out here in Python;
- a payout above her balance, not marked as an advance, is always refused and changes
  nothing;
- an entry, once written, is never changed or deleted.
"""

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minka.ledger.models import AppendOnlyError, EntryKind, LedgerEntry, Payout
from minka.ledger.selectors import member_balance, member_balances
from minka.ledger.services import earning_add, entry_reverse, payout_make
from minka.lib.money import cents
from minka.members.models import Member

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2500.00"), places=2)
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("earn"),
            st.integers(1, 12),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("200"), places=2),
        ),
        st.tuples(st.just("pay"), money, st.booleans()),
        # A share of what she is owed, so that payouts within the balance happen often.
        st.tuples(st.just("pay_share"), st.integers(1, 100), st.booleans()),
        st.tuples(st.just("reverse"), st.integers(0, 40)),
    ),
    max_size=14,
)
numbers = itertools.count(1000)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=steps)
def test_the_balance_is_always_the_sum_and_nothing_is_ever_rewritten(world, history):
    member = Member.objects.create(
        group=world.camacani, number=next(numbers), first_name="Socia", last_name="Hipotética"
    )
    today = timezone.localdate()
    earned = paid = corrected = Decimal("0")
    written: dict[object, tuple[str, Decimal]] = {}  # every entry as it was written
    reversed_ids: set[object] = set()

    def expected() -> Decimal:
        return earned - paid - corrected

    for step in history:
        before = (
            Payout.objects.filter(member=member).count(),
            LedgerEntry.objects.filter(member=member).count(),
        )
        if step[0] == "earn":
            _kind, quantity, rate = step
            entry = earning_add(
                member=member,
                quantity=quantity,
                unit_amount=rate,
                description="Piezas",
                entry_date=today,
            )
            assert entry is not None
            earned += cents(rate * quantity)
            written[entry.id] = (entry.kind, entry.amount)
        elif step[0] in ("pay", "pay_share"):
            if step[0] == "pay":
                _kind, amount, advance = step
            else:
                _kind, percent, advance = step
                amount = max(cents(expected() * percent / 100), Decimal("0.01"))
            if amount > expected() and not advance:
                with pytest.raises(ValidationError):
                    payout_make(
                        member=member, amount=amount, paid_on=today, method="cash", by=world.teresa
                    )
                after = (
                    Payout.objects.filter(member=member).count(),
                    LedgerEntry.objects.filter(member=member).count(),
                )
                assert after == before
            else:
                payout = payout_make(
                    member=member,
                    amount=amount,
                    paid_on=today,
                    method="cash",
                    by=world.teresa,
                    as_advance=advance,
                )
                assert payout.is_advance == (amount > expected())
                paid += amount
                entry = LedgerEntry.objects.get(payout=payout)
                assert entry.amount == -amount
                written[entry.id] = (entry.kind, entry.amount)
        else:
            _kind, index = step
            if not written:
                continue
            target_id = list(written)[index % len(written)]
            target = LedgerEntry.objects.get(pk=target_id)
            if target.kind == EntryKind.REVERSAL or target_id in reversed_ids:
                with pytest.raises(ValidationError):
                    entry_reverse(entry=target, reason="Otra vez", by=world.teresa, on=today)
                after = (
                    Payout.objects.filter(member=member).count(),
                    LedgerEntry.objects.filter(member=member).count(),
                )
                assert after == before
            else:
                reversal = entry_reverse(entry=target, reason="Error", by=world.teresa, on=today)
                assert reversal.amount == -target.amount
                corrected += target.amount
                reversed_ids.add(target_id)
                written[reversal.id] = (reversal.kind, reversal.amount)

        assert member_balance(member) == expected()
        row = next(r for r in member_balances(world.camacani) if r.member == member)
        assert row.balance == expected()
        # Nothing written earlier has changed, and nothing has gone.
        now = {e.id: (e.kind, e.amount) for e in LedgerEntry.objects.filter(member=member)}
        assert now == written

    # The ledger refuses every way of rewriting history.
    entries = LedgerEntry.objects.filter(member=member)
    for entry in entries[:3]:
        entry.amount = Decimal("1.00")
        with pytest.raises(AppendOnlyError):
            entry.save()
        with pytest.raises(AppendOnlyError):
            entry.delete()
    with pytest.raises(AppendOnlyError):
        entries.update(amount=Decimal("1.00"))
    with pytest.raises(AppendOnlyError):
        entries.delete()
    for payout in Payout.objects.filter(member=member)[:1]:
        with pytest.raises(AppendOnlyError):
            payout.delete()
    assert {e.id: (e.kind, e.amount) for e in LedgerEntry.objects.filter(member=member)} == written
