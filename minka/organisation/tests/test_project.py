"""Projects: budget against spending, exact; indicators computed from the records."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from minka.organisation import services
from minka.organisation.indicators import project_indicators
from minka.organisation.models import IndicatorKind, Spending
from minka.organisation.selectors import project_budget
from minka.organisation.tests.conftest import Desk

pytestmark = pytest.mark.django_db


def _spend(desk: Desk, **data: str) -> str:
    client = desk.world.client_for(desk.world.sofia)
    form = {
        "line": str(desk.materials.id),
        "spent_on": (desk.first + timedelta(days=3)).strftime("%d/%m/%Y"),
        "document": "F001-0042",
        "description": "Hilo de alpaca",
        "amount": "100.00",
        "currency": "USD",
        "exchange_rate": "",
    }
    form.update(data)
    response = client.post(reverse("spending_new", args=[desk.project.id]), form)
    return "" if response.status_code == 302 else response.content.decode()


def test_spending_in_soles_is_converted_at_the_recorded_rate_to_the_cent(desk: Desk) -> None:
    assert _spend(desk) == ""
    assert (
        _spend(desk, currency="PEN", amount="100.00", exchange_rate="3.7500", document="B-7") == ""
    )
    assert (
        _spend(desk, currency="PEN", amount="10.00", exchange_rate="3.0000", document="B-8") == ""
    )
    amounts = sorted(Spending.objects.values_list("project_amount", flat=True))
    # S/ 100 at 3.75 = US$ 26.67 (26.666... to the cent); S/ 10 at 3 = US$ 3.33.
    assert amounts == [Decimal("3.33"), Decimal("26.67"), Decimal("100.00")]
    budget = project_budget(desk.project)
    line = next(r for r in budget.lines if r.line == desk.materials)
    assert line.spent == Decimal("130.00")
    assert line.left == Decimal("870.00")
    assert budget.budget == Decimal("1500.00")
    assert budget.left == Decimal("1370.00")
    assert not line.over


def test_a_line_over_budget_is_flagged(desk: Desk) -> None:
    assert _spend(desk, line=str(desk.training_line.id), amount="500.01") == ""
    budget = project_budget(desk.project)
    over = [r.line.name for r in budget.lines if r.over]
    assert over == ["Capacitación"]
    page = desk.world.client_for(desk.world.sofia).get(reverse("project", args=[desk.project.id]))
    text = page.content.decode()
    assert "sobregirada" in text
    assert "F001-0042" in text
    assert "-US$ 0.01" in text


def test_bad_spending_is_refused_with_a_message_and_nothing_written(desk: Desk) -> None:
    assert "tipo de cambio" in _spend(desk, currency="PEN", exchange_rate="")
    assert "Monto" in _spend(desk, amount="-5") or "mayor" in _spend(desk, amount="-5")
    assert "fuera del periodo" in _spend(
        desk, spent_on=(desk.last + timedelta(days=1)).strftime("%d/%m/%Y")
    )
    assert _spend(desk, line="not-a-line") != ""
    assert _spend(desk, amount="1e999") != ""
    assert not Spending.objects.exists()


def test_indicators_are_computed_from_the_groups_records(desk: Desk) -> None:
    [(_result, rows)] = project_indicators(desk.project)
    actual = {r.indicator.kind: r.periods[0].actual for r in rows}
    assert actual[IndicatorKind.PIECES_ACCEPTED].value == Decimal("4.00")
    assert actual[IndicatorKind.ACCEPTANCE].value == Decimal("80.0")
    assert actual[IndicatorKind.EARNINGS].value == Decimal("165.00")  # 3 x 45 + 30
    assert actual[IndicatorKind.WOMEN_TRAINED].value == Decimal("3.00")
    assert actual[IndicatorKind.FAIR_PAY].value == Decimal("0.0")
    # Of Camacani's three and Juli's one active members, María held a post.
    assert actual[IndicatorKind.LEADERSHIP].value == Decimal("25.0")
    manual = actual[IndicatorKind.MANUAL]
    assert manual.manual and manual.value == Decimal("2.00")
    pieces = actual[IndicatorKind.PIECES_ACCEPTED].by
    assert pieces["group"] == [("Asociación Camacani", Decimal("4.00"), 2)]
    assert pieces["technique"] == [("Tejido a palitos", Decimal("4.00"), 2)]
    assert [label for label, _v, _n in actual[IndicatorKind.WOMEN_TRAINED].by["community"]] == [
        "Camacani"
    ]


def test_fair_wage_changes_the_fair_pay_indicator(desk: Desk) -> None:
    services.fair_wage_set(organisation=desk.world.org, wage=Decimal("4.50"))
    desk.project.organisation.refresh_from_db()
    [(_result, rows)] = project_indicators(desk.project)
    fair = next(r for r in rows if r.indicator.kind == IndicatorKind.FAIR_PAY)
    # Grade A pays 45 / 10 h = 4.50 (fair), grade B 30 / 10 h = 3.00 (not): 3 of 4.
    assert fair.periods[0].actual.value == Decimal("75.0")


def test_a_computed_indicator_cannot_be_typed(desk: Desk) -> None:
    period = desk.project.results.get().indicators.get(kind=IndicatorKind.EARNINGS).periods.get()
    with pytest.raises(ValidationError):
        services.manual_actual_set(period=period, value=Decimal("999"))


def test_summary_is_saved_and_shown_in_the_report(desk: Desk) -> None:
    client = desk.world.client_for(desk.world.sofia)
    response = client.post(
        reverse("summary_edit", args=[desk.project.id]),
        {
            "starts_on": desk.first.strftime("%d/%m/%Y"),
            "ends_on": desk.last.strftime("%d/%m/%Y"),
            "text_es": "Buen semestre.",
            "text_en": "A good half-year.",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("summary_edit", args=[desk.project.id]),
        {"starts_on": "31/12/2026", "ends_on": "01/01/2026"},
    )
    assert bad.status_code == 200
    assert desk.project.summaries.count() == 1
