"""Deliveries over many random gradings: every accepted piece is paid exactly once, at
its grade's rate, and a refused delivery leaves no trace."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from minka.conftest import build_world, order_in_production
from minka.ledger.models import EntryKind, LedgerEntry
from minka.production import services
from minka.production.models import Delivery, Grade, QualityCheck

grading = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 3), st.integers(0, 3)),
    min_size=1,
    max_size=6,
)


class DeliveryProperties(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rounds=grading)
    def test_pieces_and_money_are_conserved(self, rounds) -> None:
        world = build_world()
        _order, allocations = order_in_production(world, quantity=6)
        alloc = next(a for a in allocations if a.member_id == world.maria.id)
        today = timezone.localdate()
        paid_a = paid_b = rejected = 0
        for a, b, rework, rej in rounds:
            outstanding = alloc.quantity - paid_a - paid_b - rejected
            counts_before = (Delivery.objects.count(), LedgerEntry.objects.count())
            try:
                services.delivery_record(
                    allocation=alloc,
                    received_on=today,
                    grade_a=a,
                    grade_b=b,
                    rework=rework,
                    rejected=rej,
                    defect="stain",
                    by=world.rosa,
                )
            except ValidationError:
                # Refused: too many pieces, or none at all. Nothing was written.
                assert a + b + rework + rej > outstanding or a + b + rework + rej == 0
                assert (Delivery.objects.count(), LedgerEntry.objects.count()) == counts_before
                continue
            assert a + b + rework + rej <= outstanding
            paid_a, paid_b, rejected = paid_a + a, paid_b + b, rejected + rej

        earned = LedgerEntry.objects.filter(member=world.maria, kind=EntryKind.EARNING)
        expected = paid_a * world.sweater.rate_a + paid_b * world.sweater.rate_b
        assert earned.balance() == expected
        assert sum(e.quantity or 0 for e in earned) == paid_a + paid_b
        graded = {
            g: sum(q.quantity for q in QualityCheck.objects.filter(grade=g))
            for g in (Grade.A, Grade.B, Grade.REJECTED)
        }
        assert graded == {Grade.A: paid_a, Grade.B: paid_b, Grade.REJECTED: rejected}
        assert services.allocation_progress(alloc).outstanding >= 0
        assert isinstance(expected, Decimal)
