"""The projects' piece figures read the monthly rollup when it covers the project, and
give exactly what the records give; with the fair wage changed since, or months missing,
they read the records."""

from decimal import Decimal

import pytest
from django.utils import timezone

from minka.impact.indicators import Period, month_start
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
