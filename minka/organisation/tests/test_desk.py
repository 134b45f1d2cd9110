"""All groups at a glance: figures from the records, sorting, filters, fixed queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minka.governance.indicators import retention
from minka.impact.indicators import Period, default_period, monthly_indicators
from minka.members.models import Group, Member, MemberStatus
from minka.organisation.models import GroupMonth
from minka.organisation.overview import Filters, group_rows, sort_rows
from minka.organisation.rollup import group_months_refresh
from minka.organisation.tests.conftest import Desk

pytestmark = pytest.mark.django_db


def _refresh(desk: Desk) -> Period:
    today = timezone.localdate()
    period = default_period(today)
    group_months_refresh(organisation=desk.world.org, period=period, today=today)
    return period


def test_desk_shows_each_group_with_figures_from_the_records(desk: Desk) -> None:
    period = _refresh(desk)
    page = desk.world.client_for(desk.world.sofia).get(reverse("desk", args=[desk.world.org.id]))
    text = page.content.decode()
    assert "Asociación Camacani" in text and "Asociación Juli" in text
    assert "Asociación Huilloc" not in text  # another organisation's group
    rows = {r.code: r for r in group_rows(desk.world.org, period, Filters(), timezone.localdate())}
    cam = rows["CAM"]
    assert cam.active_members == 3
    assert cam.pieces_delivered == 5  # María 3, Juana 2
    assert cam.pieces_accepted == 4
    assert cam.accepted_percent == Decimal("80.0")  # 4 of A+B+rejected 5
    assert cam.paid == Decimal("50.00")
    assert cam.training_hours == Decimal("9.0")  # three women, three hours
    # The sweater pays S/ 45 for 600 minutes: S/ 4.50 an hour, under the S/ 5.43 default.
    assert cam.pieces_fair == 0
    assert rows["JUL"].pieces_delivered == 0
    assert rows["JUL"].accepted_percent is None
    # The table shows them as the rows give them; no figure is a dash.
    assert '<td class="num">80.0%</td>' in text and '<td class="num">S/ 50.00</td>' in text
    assert '<td class="num">—</td>' in text
    # The same figures as the group's own impact page.
    impact = monthly_indicators(desk.world.camacani, period)
    assert sum(m.paid for m in impact) == cam.paid
    assert sum(m.pieces_accepted for m in impact) == cam.pieces_accepted


def test_retention_is_the_governance_rule(desk: Desk) -> None:
    today = timezone.localdate()
    for n, (joined, status, left) in enumerate(
        [
            (date(2020, 1, 1), MemberStatus.ACTIVE, None),
            (date(2020, 1, 1), MemberStatus.LEFT, date(2020, 6, 1)),  # left within the year
            (date(2020, 1, 1), MemberStatus.LEFT, date(2022, 6, 1)),  # stayed past a year
            (date(2020, 1, 1), MemberStatus.LEFT, None),  # no date: gone from the start
            (today, MemberStatus.ACTIVE, None),  # too new to count
        ]
    ):
        Member.objects.create(
            group=desk.world.juli,
            number=10 + n,
            first_name="X",
            last_name=str(n),
            joined_on=joined,
            status=status,
            left_on=left,
        )
    period = _refresh(desk)
    row = next(r for r in group_rows(desk.world.org, period, Filters(), today) if r.code == "JUL")
    twelve = next(r for r in retention(desk.world.juli, today) if r.months == 12)
    assert (row.retained, row.cohort) == (twelve.retained, twelve.joined) == (2, 4)
    assert row.retained_percent == twelve.percent == Decimal("50.0")


def test_sorting_and_filters(desk: Desk) -> None:
    period = _refresh(desk)
    today = timezone.localdate()
    Group.objects.filter(id=desk.world.juli.id).tracked_update(region="Cusco")
    rows = group_rows(desk.world.org, period, Filters(), today)
    assert [r.code for r in sort_rows(rows, "delivered", True)] == ["CAM", "JUL"]
    assert [r.code for r in sort_rows(rows, "delivered", False)] == ["JUL", "CAM"]
    # A group with no figure goes last whichever way.
    assert [r.code for r in sort_rows(rows, "accepted", False)] == ["CAM", "JUL"]
    assert [r.code for r in group_rows(desk.world.org, period, Filters(region="Cusco"), today)] == [
        "JUL"
    ]
    knit = desk.world.knitting.id
    assert [r.code for r in group_rows(desk.world.org, period, Filters(technique=knit), today)] == [
        "CAM"
    ]
    client = desk.world.client_for(desk.world.sofia)
    url = reverse("desk", args=[desk.world.org.id])
    text = client.get(url, {"region": "Cusco"}).content.decode()
    assert "Asociación Juli" in text and "Asociación Camacani" not in text
    # A bad filter is ignored with the form's error, never a 500.
    assert client.get(url, {"region": "Marte", "project": "x", "sort": "zzz"}).status_code == 200
    assert client.get(url, {"from": "2026-13"}).status_code == 200


def test_desk_runs_a_fixed_number_of_queries(desk: Desk) -> None:
    _refresh(desk)
    client = desk.world.client_for(desk.world.sofia)
    url = reverse("desk", args=[desk.world.org.id])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"sort": "paid", "desc": "on"}).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    assert 5 <= before <= 15
    for i in range(5):
        Group.objects.create(organisation=desk.world.org, name=f"Grupo {i}", code=f"GR{i}")
    _refresh(desk)
    assert count() == before


def test_staff_recompute_the_figures_from_the_desk(desk: Desk) -> None:
    client = desk.world.client_for(desk.world.sofia)
    url = reverse("desk_refresh", args=[desk.world.org.id])
    assert not GroupMonth.objects.exists()
    response = client.post(url, {"from": "2026-01", "to": "2026-03"})
    assert response.status_code == 302
    assert GroupMonth.objects.filter(group__organisation=desk.world.org).count() == 2 * 3
    assert not GroupMonth.objects.filter(group=desk.other_group).exists()
    assert desk.world.client_for(desk.olga).post(url).status_code == 404
    assert desk.world.client_for(desk.world.rosa).post(url).status_code == 403


def test_a_group_name_is_shown_escaped(desk: Desk) -> None:
    Group.objects.filter(id=desk.world.juli.id).tracked_update(name="<script>x</script> & Juli")
    _refresh(desk)
    text = (
        desk.world.client_for(desk.world.sofia)
        .get(reverse("desk", args=[desk.world.org.id]))
        .content.decode()
    )
    assert "&lt;script&gt;x&lt;/script&gt; &amp; Juli" in text
    assert "<script>x" not in text
    assert reverse("impact", args=[desk.world.juli.id]) in text
