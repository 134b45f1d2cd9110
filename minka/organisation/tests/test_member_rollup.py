"""The projects' piece figures read the monthly rollup when it covers the project, and
give exactly what the records give; with the fair wage changed since, or months missing,
they read the records."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from minka.impact.indicators import Period, add_months, month_start
from minka.ledger.models import EntryKind
from minka.ledger.services import earning_add, entry_add, entry_reverse
from minka.members.fairpay import fair_hourly_wage
from minka.organisation import services
from minka.organisation.indicators import project_indicators
from minka.organisation.member_rollup import rollup_covers
from minka.organisation.models import IndicatorKind, MemberMonth
from minka.organisation.rollup import group_months_refresh
from minka.organisation.tests.conftest import Desk

pytestmark = pytest.mark.django_db


def _figures(desk: Desk) -> dict[str, list[object]]:
    return {
        row.indicator.title: [(p.actual.value, p.actual.by) for p in row.periods]
        for _result, rows in project_indicators(desk.project)
        for row in rows
    }


def test_the_rollup_gives_what_the_records_give(desk: Desk) -> None:
    w = desk.world
    groups = desk.project.groups.all()
    span = Period(month_start(desk.first), month_start(desk.last))
    wage = fair_hourly_wage(w.org)
    from_records = _figures(desk)
    assert not rollup_covers(groups, span.first, span.last, wage)
    group_months_refresh(organisation=w.org, period=span, today=timezone.localdate())
    assert MemberMonth.objects.filter(member=w.maria).values_list("accepted", flat=True)[0] == 3
    assert rollup_covers(groups, span.first, span.last, wage)
    from_rollup = _figures(desk)
    assert from_rollup == from_records
    pieces = from_rollup["Piezas aceptadas"][0]
    assert pieces[0] == Decimal("4.00")
    assert pieces[1]["technique"] == [("Tejido a palitos", Decimal("4.00"), 2)]
    # A new fair wage: the rollup no longer holds it, so the records are read.
    services.fair_wage_set(organisation=w.org, wage=Decimal("1.00"))
    w.org.refresh_from_db()
    assert not rollup_covers(groups, span.first, span.last, fair_hourly_wage(w.org))
    fair = {
        row.indicator.kind: row.periods[0].actual.value
        for _r, rows in project_indicators(desk.project)
        for row in rows
    }[IndicatorKind.FAIR_PAY]
    assert fair == Decimal("100.0")


def test_months_still_to_come_need_no_rollup(desk: Desk) -> None:
    """A project's periods run into the future; the rollup up to this month is enough."""
    w = desk.world
    today = timezone.localdate()
    group_months_refresh(
        organisation=w.org,
        period=Period(month_start(desk.first), month_start(today)),
        today=today,
    )
    assert _figures(desk)["Piezas aceptadas"][0][0] == Decimal("4.00")
    # Read from the rollup, not the records: a changed rollup row shows.
    MemberMonth.objects.filter(member=w.maria).update(accepted=10)
    assert _figures(desk)["Piezas aceptadas"][0][0] == Decimal("11.00")


def test_the_rollup_counts_earnings_as_the_ledger_does(desk: Desk) -> None:
    """A month's earnings go on one of her rows, or on a row of their own when she had
    no graded piece; a correction counts in the month of the entry it corrects."""
    w = desk.world
    today = timezone.localdate()
    early = desk.first + timedelta(days=5)
    wrong = earning_add(
        member=w.carmen,
        quantity=2,
        unit_amount=Decimal("12.50"),
        description="Fajas",
        entry_date=early,
    )
    assert wrong is not None
    entry_reverse(entry=wrong, reason="Tarifa equivocada", by=w.teresa, on=today)
    entry_add(
        member=w.juana,
        kind=EntryKind.SALE_SHARE,
        amount=Decimal("7.30"),
        entry_date=early,
        description="Venta en la feria",
    )
    split = add_months(month_start(early), 1)
    services.indicator_add(
        result=desk.project.results.get(),
        title="Ganancia por socia y mes",
        kind=IndicatorKind.EARNINGS_PER_MONTH,
        baseline=Decimal("0"),
        baseline_year=desk.first.year,
        target=Decimal("10"),
        periods=[
            (desk.first, split - timedelta(days=1), Decimal("5")),
            (split, desk.last, Decimal("10")),
        ],
    )
    group_months_refresh(
        organisation=w.org, period=Period(month_start(desk.first), month_start(today)), today=today
    )
    first_month = MemberMonth.objects.filter(month=month_start(early))
    carmen = first_month.get(member=w.carmen)
    assert (carmen.technique_id, carmen.graded, carmen.earned) == (None, 0, Decimal("0.00"))
    assert first_month.get(member=w.juana).earned == Decimal("7.30")
    this_month = MemberMonth.objects.filter(month=month_start(today))
    assert not this_month.filter(member=w.carmen).exists()  # the correction went back
    maria = [r.earned for r in this_month.filter(member=w.maria) if r.earned is not None]
    assert len(maria) == 1 and maria[0] > 0
    from_rollup = _figures(desk)
    per_member = {
        row.indicator.title: [(p.actual.value, p.actual.by) for p in row.periods]
        for _result, rows in project_indicators(desk.project, by_member=True)
        for row in rows
    }
    assert from_rollup == per_member
    # Carmen counts, with nothing: her earning and its correction cancel out, in the
    # period of the earning; in the next period, where the correction was dated, she
    # earned nothing rather than less than nothing.
    weaving = ("Telar de cintura", Decimal("0.00"), 1)
    assert weaving in from_rollup["Ganancias de las socias"][0][1]["technique"]
    assert weaving in from_rollup["Ganancia por socia y mes"][1][1]["technique"]
