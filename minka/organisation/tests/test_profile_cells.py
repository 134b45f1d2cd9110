"""The indicators added up per profile in the database give exactly the figures of the
facts per member, for every computed kind, from the records and from the rollup."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from minka.impact.indicators import Period, month_start
from minka.organisation import services
from minka.organisation.indicators import project_indicators
from minka.organisation.models import IndicatorKind
from minka.organisation.rollup import group_months_refresh
from minka.organisation.tests.conftest import Desk

pytestmark = pytest.mark.django_db


def _figures(desk: Desk, *, by_member: bool) -> dict[str, list[object]]:
    return {
        row.indicator.title: [(p.actual.value, p.actual.by) for p in row.periods]
        for _result, rows in project_indicators(desk.project, by_member=by_member)
        for row in rows
    }


def test_cells_give_what_the_facts_per_member_give(desk: Desk) -> None:
    result = desk.project.results.get()
    half = desk.first + (desk.last - desk.first) / 2
    for kind, title in (
        (IndicatorKind.ACTIVE_MEMBERS, "Socias activas"),
        (IndicatorKind.EARNINGS_PER_MONTH, "Ganancia por socia y mes"),
        (IndicatorKind.TRAINING_HOURS, "Horas de capacitación"),
        (IndicatorKind.RETENTION, "Socias que siguen"),
    ):
        services.indicator_add(
            result=result,
            title=title,
            kind=kind,
            baseline=Decimal("0"),
            baseline_year=desk.first.year,
            target=Decimal("10"),
            periods=[
                (desk.first, half, Decimal("5")),
                (half + timedelta(days=1), desk.last + timedelta(days=800), Decimal("10")),
            ],
        )
    from_facts = _figures(desk, by_member=True)
    from_cells = _figures(desk, by_member=False)
    assert from_cells == from_facts
    assert len(from_cells) == 11
    assert from_cells["Ganancias de las socias"][0][0] > 0
    assert from_cells["Socias activas"][1][0] == Decimal("4.00")
    assert from_cells["Liderazgo"][0][1]["group"]
    # With the pieces rolled up, they come from the rollup's cells: still the same.
    span = Period(month_start(desk.first), month_start(desk.last))
    group_months_refresh(organisation=desk.world.org, period=span, today=timezone.localdate())
    assert _figures(desk, by_member=False) == _figures(desk, by_member=True) == from_facts
