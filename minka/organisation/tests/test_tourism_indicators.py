"""Community tourism as indicators a project reports (issue 14, point 5): visits,
visitors, nights and money to hosts, computed from the visits done, never typed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from minka.organisation.indicators import project_indicators
from minka.organisation.models import IndicatorKind
from minka.organisation.tests.conftest import Desk, build_desk
from minka.tourism.models import BookingStatus
from minka.tourism.tests.conftest import TODAY, Visits, visits  # noqa: F401  # the fixture
from minka.tourism.tests.test_pay import act, backdate, book

pytestmark = pytest.mark.django_db

KINDS = [
    (IndicatorKind.VISITS, "Visitas"),
    (IndicatorKind.VISITORS, "Visitantes"),
    (IndicatorKind.NIGHTS, "Noches"),
    (IndicatorKind.HOST_PAY, "Pago a anfitrionas"),
]


def test_staff_choose_tourism_indicators_and_the_project_counts_the_visits(
    visits: Visits,  # noqa: F811  # the tourism fixture, imported above
) -> None:
    w = visits.world
    desk: Desk = build_desk(w)
    stay = book(visits, experience=visits.stay, day=TODAY + timedelta(days=12), people=3)
    backdate(stay, 0)
    act(visits, w.rosa, stay, "complete", method="cash", on=TODAY.strftime("%d/%m/%Y"))
    stay.refresh_from_db()
    assert stay.status == BookingStatus.DONE and stay.hosts.count() == 2
    staff = w.client_for(w.sofia)
    for kind, title in KINDS:
        response = staff.post(
            reverse("indicator_new", args=[desk.project.id]),
            {
                "result": "Turismo comunitario",
                "title": title,
                "kind": kind.value,
                "unit": "",
                "baseline": "0",
                "baseline_year": str(TODAY.year),
                "target": "10",
                "months": "12",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    results = dict((result.title, rows) for result, rows in project_indicators(desk.project))
    rows = results["Turismo comunitario"]
    now = {
        r.indicator.kind: next(
            p.actual for p in r.periods if p.period.starts_on <= TODAY <= p.period.ends_on
        )
        for r in rows
    }
    # One home stay of 3 people for 1 night, two hosts; S/ 80.00 a visitor to the hosts.
    assert now[IndicatorKind.VISITS].value == Decimal("1.00")
    assert now[IndicatorKind.VISITORS].value == Decimal("3.00")
    assert now[IndicatorKind.NIGHTS].value == Decimal("3.00")
    assert now[IndicatorKind.HOST_PAY].value == Decimal("240.00")
    # Each host is one woman in her group's row; the halves add up to the one visit.
    assert now[IndicatorKind.VISITS].by["group"] == [("Asociación Camacani", Decimal("1.00"), 2)]
    # Only the hosts' profiles are read for these facts: the same as with everyone's.
    assert [
        [(p.actual.value, p.actual.by) for p in r.periods]
        for _result, rs in project_indicators(desk.project, by_member=True)
        for r in rs
    ] == [
        [(p.actual.value, p.actual.by) for p in r.periods]
        for _result, rs in project_indicators(desk.project)
        for r in rs
    ]
    page = staff.get(reverse("project", args=[desk.project.id])).content.decode()
    assert "Pago a anfitrionas" in page and "240.00" in page
    # The donor sees the same figure, but no cell of fewer than three women.
    donor_page = w.client_for(desk.dana).get(reverse("project", args=[desk.project.id]))
    assert "240.00" in donor_page.content.decode()
    assert desk.world.maria.first_name not in donor_page.content.decode()
