"""Staff set a project up through the pages: the project, a budget line, an indicator."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from minka.organisation.models import IndicatorKind, Project
from minka.organisation.tests.conftest import Desk

pytestmark = pytest.mark.django_db


def test_staff_create_a_project_a_line_and_an_indicator(desk: Desk) -> None:
    w = desk.world
    client = w.client_for(w.sofia)
    url = reverse("project_new", args=[w.org.id])
    data = {
        "code": "LANA-2",
        "title": "Lana de calidad",
        "starts_on": "01/01/2026",
        "ends_on": "31/12/2027",
        "currency": "PEN",
        "donors": [str(desk.donor.id)],
        "groups": [str(w.juli.id)],
    }
    # A group of another organisation is not a choice: refused, nothing written.
    bad = client.post(url, {**data, "groups": [str(desk.other_group.id)]})
    assert bad.status_code == 200
    assert not Project.objects.filter(code="LANA-2").exists()
    assert client.post(url, data).status_code == 302
    project = Project.objects.get(code="LANA-2")
    assert list(project.groups.all()) == [w.juli]
    line = reverse("budget_line_new", args=[project.id])
    assert client.post(line, {"name": "Hilo", "amount": "2500.50"}).status_code == 302
    assert client.post(line, {"name": "Hilo", "amount": "-1"}).status_code == 200
    assert project.budget_lines.get().amount == Decimal("2500.50")
    ind = reverse("indicator_new", args=[project.id])
    form = {
        "result": "Más ingresos",
        "title": "Piezas aceptadas",
        "kind": IndicatorKind.PIECES_ACCEPTED,
        "baseline": "0",
        "baseline_year": "2025",
        "target": "500",
        "months": "12",
    }
    assert client.post(ind, form).status_code == 302
    indicator = project.results.get().indicators.get()
    assert [(p.starts_on, p.ends_on) for p in indicator.periods.all()] == [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 12, 31)),
    ]
    assert client.post(ind, {**form, "kind": "typed"}).status_code == 200
    # A donor and an outsider cannot.
    assert w.client_for(desk.dana).post(line, {"name": "X", "amount": "1"}).status_code == 403
    assert w.client_for(desk.olga).post(url, data).status_code == 404


def test_staff_type_a_manual_value_only_where_no_record_exists(desk: Desk) -> None:
    w = desk.world
    results = desk.project.results.get()
    manual = results.indicators.get(kind=IndicatorKind.MANUAL).periods.get()
    computed = results.indicators.get(kind=IndicatorKind.EARNINGS).periods.get()
    client = w.client_for(w.sofia)

    def post(period_id: object, value: str) -> None:
        url = reverse("manual_actual", args=[desk.project.id, period_id])
        assert client.post(url, {"value": value}).status_code == 302

    post(manual.id, "3")
    post(computed.id, "999")
    post(manual.id, "tres")
    manual.refresh_from_db()
    computed.refresh_from_db()
    assert manual.manual_actual == Decimal("3.00")
    assert computed.manual_actual is None
    other = reverse("manual_actual", args=[desk.other_project.id, manual.id])
    assert w.client_for(desk.olga).post(other, {"value": "1"}).status_code == 404
    donor = reverse("manual_actual", args=[desk.project.id, manual.id])
    assert w.client_for(desk.dana).post(donor, {"value": "1"}).status_code == 403
