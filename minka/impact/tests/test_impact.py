"""The impact page: per group and month, active members, pieces accepted, acceptance rate,
money paid to members and the median earnings of an active member; as a page with
charts drawn on the server, and as CSV.

The figures in these tests are worked out by hand from the records each test makes.
"""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, order_in_production
from minka.impact.indicators import add_months, median, period_from_query
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import earning_add, entry_reverse, payout_make
from minka.members.models import Member, MemberStatus
from minka.production import services
from minka.production.models import Allocation, OrderStatus

LONG_AGO = date(2020, 1, 1)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def ym(month: date) -> str:
    return month.strftime("%Y-%m")


def page_url(world: World, query: str = "") -> str:
    return reverse("impact", args=[world.camacani.id]) + query


def csv_url(world: World, query: str = "") -> str:
    return reverse("impact_csv", args=[world.camacani.id]) + query


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read accents"
    return list(csv.DictReader(io.StringIO(text[1:])))


def by_month(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["mes"]: row for row in rows}


def figures(row: dict[str, str]) -> tuple[str, str, str, str, str, str]:
    return (
        row["socias activas"],
        row["piezas aceptadas"],
        row["piezas calificadas"],
        row["tasa de aceptación (%)"],
        row["pagado a las socias (S/)"],
        row["mediana de ganancias por socia activa (S/)"],
    )


def bars_per_chart(html: str) -> list[int]:
    charts = html.split('<svg class="chart"')[1:]
    return [chart.split("</svg>")[0].count('<rect class="bar"') for chart in charts]


def two_members_sharing_an_order(world: World) -> tuple[Allocation, Allocation]:
    """An order in production with 5 sweaters for María and 5 for Juana."""
    Member.objects.filter(id__in=[world.maria.id, world.juana.id]).tracked_update(
        joined_on=LONG_AGO
    )
    order = services.order_create(
        group=world.camacani,
        buyer=world.buyer,
        currency="PEN",
        exchange_rate=Decimal("1"),
        deadline=timezone.localdate() + timedelta(days=60),
        by=world.rosa,
    )
    line = services.order_line_add(
        order=order, product=world.sweater, quantity=10, unit_price=Decimal("150.00")
    )
    services.order_set_status(order=order, status=OrderStatus.CONFIRMED)
    made = services.allocations_confirm(
        line=line, pieces={world.maria.id: 5, world.juana.id: 5}, by=world.rosa
    )
    by_member = {a.member_id: a for a in made}
    return by_member[world.maria.id], by_member[world.juana.id]


def deliver(world: World, allocation: Allocation, on: date, **grades: int) -> None:
    counts = {"grade_a": 0, "grade_b": 0, "rework": 0, "rejected": 0, **grades}
    defect = "finish" if counts["rework"] or counts["rejected"] else ""
    services.delivery_record(
        allocation=allocation, received_on=on, defect=defect, by=world.rosa, **counts
    )


def earning(member: Member, on: date, amount: str) -> LedgerEntry:
    entry = earning_add(
        member=member,
        quantity=1,
        unit_amount=Decimal(amount),
        description="Faja tejida",
        entry_date=on,
    )
    assert entry is not None
    return entry


class TwoMonths:
    """Last month and this month at Camacani, with figures worked out by hand.

    Last month (day 10):
      María delivers 2 A + 1 B + 1 rework (earns 90.00 + 30.00); Juana 1 A + 1 rejected
      (earns 45.00). Teresa pays María 100.00, gives Juana an advance of 60.00 (and one of
      US$ 10, not counted in soles). Paulina, who has since left, earned 80.00 and was paid
      80.00. Carmen and Rufina had not joined yet.
    This month (day 1):
      María delivers 1 A (45.00); Juana 2 B + 1 rejected (60.00). Carmen, who joined on the
      1st, earns 50.00 and is paid 50.00. Rufina joined on the 1st and earned nothing.
      Teresa pays María 20.00 and then corrects it (it was a mistake).
    Juli, another group, has its own money the same month: never counted here.
    """

    def __init__(self, world: World) -> None:
        self.current = this_month()
        self.previous = add_months(self.current, -1)
        last_month = self.previous + timedelta(days=9)
        today = self.current
        teresa = world.teresa
        self.maria_alloc, self.juana_alloc = two_members_sharing_an_order(world)
        Member.objects.filter(id=world.carmen.id).tracked_update(joined_on=self.current)
        self.rufina = Member.objects.create(
            group=world.camacani,
            number=4,
            first_name="Rufina",
            last_name="Mamani",
            joined_on=self.current,
        )
        self.paulina = Member.objects.create(
            group=world.camacani,
            number=5,
            first_name="Paulina",
            last_name="Ccori",
            joined_on=LONG_AGO,
            status=MemberStatus.LEFT,
        )
        # last month
        deliver(world, self.maria_alloc, last_month, grade_a=2, grade_b=1, rework=1)
        deliver(world, self.juana_alloc, last_month, grade_a=1, rejected=1)
        payout_make(
            member=world.maria,
            amount=Decimal("100.00"),
            paid_on=last_month,
            method="cash",
            by=teresa,
        )
        payout_make(
            member=world.juana,
            amount=Decimal("60.00"),
            paid_on=last_month,
            method="cash",
            by=teresa,
            as_advance=True,
        )
        payout_make(
            member=world.juana,
            amount=Decimal("10.00"),
            paid_on=last_month,
            method="cash",
            by=teresa,
            as_advance=True,
            currency="USD",
        )
        earning(self.paulina, last_month, "80.00")
        payout_make(
            member=self.paulina,
            amount=Decimal("80.00"),
            paid_on=last_month,
            method="cash",
            by=teresa,
        )
        earning(world.juli_member, last_month, "999.00")
        payout_make(
            member=world.juli_member,
            amount=Decimal("999.00"),
            paid_on=last_month,
            method="cash",
            by=teresa,
        )
        # this month
        deliver(world, self.maria_alloc, today, grade_a=1)
        deliver(world, self.juana_alloc, today, grade_b=2, rejected=1)
        earning(world.carmen, today, "50.00")
        payout_make(
            member=world.carmen, amount=Decimal("50.00"), paid_on=today, method="yape", by=teresa
        )
        wrong = payout_make(
            member=world.maria, amount=Decimal("20.00"), paid_on=today, method="cash", by=teresa
        )
        entry_reverse(
            entry=wrong.entries.get(), reason="Pago registrado dos veces", by=teresa, on=today
        )
        self.query = f"?from={ym(add_months(self.previous, -1))}&to={ym(self.current)}"

    def maria_b_earning(self) -> LedgerEntry:
        return LedgerEntry.objects.get(
            member__first_name="María", kind=EntryKind.EARNING, unit_amount=Decimal("30.00")
        )


# --- the figures ----------------------------------------------------------------------------


def test_csv_gives_each_months_figures_as_worked_out_by_hand(world):
    data = TwoMonths(world)
    rows = by_month(csv_rows(world.client_for(world.rosa).get(csv_url(world, data.query))))
    assert list(rows) == [ym(add_months(data.previous, -1)), ym(data.previous), ym(data.current)]
    # Two months ago: María and Juana were members; nothing graded, earned or paid.
    assert figures(rows[ym(add_months(data.previous, -1))]) == ("2", "0", "0", "", "0.00", "0.00")
    # Last month: 4 accepted of 5 graded (the rework is left out): 80.0 %.
    # Paid 100 + 60 (advance) + 80 (Paulina) = 240.00; the US$ 10 and Juli's 999 are not.
    # Active: María (120.00) and Juana (45.00); median (120 + 45) / 2 = 82.50.
    assert figures(rows[ym(data.previous)]) == ("2", "4", "5", "80.0", "240.00", "82.50")
    # This month: 3 accepted of 4 graded: 75.0 %. Paid 50 + 20 - 20 (corrected) = 50.00.
    # Active: María 45, Juana 60, Carmen 50, Rufina 0 -> median (45 + 50) / 2 = 47.50.
    assert figures(rows[ym(data.current)]) == ("4", "3", "4", "75.0", "50.00", "47.50")
    assert {row["grupo"] for row in rows.values()} == {"CAM"}


def test_a_corrected_earning_lowers_the_median_of_its_own_month(world):
    data = TwoMonths(world)
    client = world.client_for(world.teresa)
    # María's grade B sweater (30.00) was recorded by mistake; Teresa corrects it today.
    entry_reverse(
        entry=data.maria_b_earning(), reason="Era de otra socia", by=world.teresa, on=data.current
    )
    rows = by_month(csv_rows(client.get(csv_url(world, data.query))))
    # Last month María earned 120 - 30 = 90: median (90 + 45) / 2 = 67.50 (was 82.50).
    assert figures(rows[ym(data.previous)])[5] == "67.50"
    # This month is not touched by a correction of last month's earning.
    assert figures(rows[ym(data.current)])[5] == "47.50"
    # Pieces graded are the quality control's, not the ledger's: unchanged.
    assert figures(rows[ym(data.previous)])[1:4] == ("4", "5", "80.0")


def test_a_corrected_payout_lowers_the_money_paid(world):
    data = TwoMonths(world)
    client = world.client_for(world.sofia)
    advance = LedgerEntry.objects.get(member=world.juana, kind=EntryKind.ADVANCE, currency="PEN")
    entry_reverse(entry=advance, reason="No se entregó", by=world.teresa, on=data.current)
    rows = by_month(csv_rows(client.get(csv_url(world, data.query))))
    assert figures(rows[ym(data.previous)])[4] == "180.00"  # 240 - 60
    assert figures(rows[ym(data.current)])[4] == "50.00"


def test_page_shows_the_table_the_charts_and_how_it_is_computed(world):
    data = TwoMonths(world)
    response = world.client_for(world.rosa).get(page_url(world, data.query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "80.0%" in html and "75.0%" in html
    assert "S/ 240.00" in html and "S/ 82.50" in html and "S/ 47.50" in html
    assert "—" in html  # two months ago nothing was graded
    assert "Cómo se calcula" in html
    assert "rehacer" in html  # the note says rework is left out of the rate
    assert bars_per_chart(html) == [3, 3]
    assert '<title id="chart-pieces-title">' in html and '<desc id="chart-pieces-desc">' in html
    assert '<title id="chart-paid-title">' in html
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert f"from={ym(add_months(data.previous, -1))}&amp;to={ym(data.current)}" in html


def test_default_period_is_the_last_twelve_months(world):
    client = world.client_for(world.rosa)
    html = client.get(page_url(world)).content.decode()
    assert bars_per_chart(html) == [12, 12]
    rows = csv_rows(client.get(csv_url(world)))
    assert [row["mes"] for row in rows] == [ym(add_months(this_month(), i)) for i in range(-11, 1)]


def test_the_svg_has_one_bar_per_month_for_a_long_period(world):
    first = add_months(this_month(), -59)
    html = (
        world.client_for(world.rosa)
        .get(page_url(world, f"?from={ym(first)}&to={ym(this_month())}"))
        .content.decode()
    )
    assert "no es un mes" not in html and "máximo" not in html
    assert bars_per_chart(html) == [60, 60]


# --- who may see it -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [page_url, csv_url])
@pytest.mark.parametrize("person", ["rosa", "teresa", "sofia"])
def test_coordinator_treasurer_and_staff_see_it(world, url, person):
    assert world.client_for(getattr(world, person)).get(url(world)).status_code == 200


@pytest.mark.parametrize("url", [page_url, csv_url])
def test_maria_a_member_is_refused(world, url):
    assert world.client_for(world.maria_user).get(url(world)).status_code == 403


@pytest.mark.parametrize("url", [page_url, csv_url])
def test_lucia_from_another_group_learns_nothing(world, url):
    assert world.client_for(world.lucia).get(url(world)).status_code == 404


def test_lucia_sees_only_her_own_groups_figures(world):
    TwoMonths(world)
    rows = csv_rows(
        world.client_for(world.lucia).get(
            reverse("impact_csv", args=[world.juli.id])
            + f"?from={ym(add_months(this_month(), -1))}"
        )
    )
    assert [figures(r)[4] for r in rows] == ["999.00", "0.00"]
    assert {r["grupo"] for r in rows} == {"JUL"}


@pytest.mark.parametrize("url", [page_url, csv_url])
def test_anonymous_is_sent_to_log_in(world, url):
    from django.test import Client

    response = Client().get(url(world))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- a wrong period -----------------------------------------------------------------------


def bad_queries() -> list[tuple[str, str]]:
    now = this_month()
    return [
        ("?from=2026-13", "no es un mes válido"),
        ("?from=abc&to=" + ym(now), "no es un mes válido"),
        ("?to=abc", "no es un mes válido"),
        ("?from=2026-1", "no es un mes válido"),
        (
            "?from=\u0662\u0660\u0662\u0666-\u0660\u0661",
            "no es un mes válido",
        ),  # Arabic-Indic digits
        (f"?from={ym(now)}&to={ym(add_months(now, -1))}", "es posterior al mes final"),
        (f"?from={ym(add_months(now, -60))}&to={ym(now)}", "tiene 61 meses; el máximo es 60"),
        (f"?to={ym(add_months(now, 1))}", "no puede pasar del mes actual"),
    ]


@pytest.mark.parametrize("index", range(len(bad_queries())))
def test_a_wrong_period_shows_a_message_and_the_last_twelve_months(world, index):
    query, message = bad_queries()[index]
    client = world.client_for(world.rosa)
    response = client.get(page_url(world, query))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Se muestran los últimos 12 meses." in html
    assert bars_per_chart(html) == [12, 12]
    assert len(csv_rows(client.get(csv_url(world, query)))) == 12


def test_period_from_query_reads_one_end_alone():
    today = date(2026, 3, 15)
    period, problem = period_from_query({"from": "2026-01"}, today)
    assert (period.first, period.last, problem) == (date(2026, 1, 1), date(2026, 3, 1), "")
    period, problem = period_from_query({"to": "2025-12"}, today)
    assert (period.first, period.last, problem) == (date(2025, 1, 1), date(2025, 12, 1), "")
    period, problem = period_from_query({"from": "2021-04", "to": "2026-03"}, today)
    assert (period.count, problem) == (60, "")


def test_median_counts_everyone_and_rounds_to_the_cent():
    assert median([]) is None
    assert median([Decimal("0"), Decimal("10.00"), Decimal("3.00")]) == Decimal("3.00")
    assert median([Decimal("0.01"), Decimal("0.02")]) == Decimal("0.02")  # 0.015 rounds up
    assert median([Decimal("45"), Decimal("60"), Decimal("50"), Decimal("0")]) == Decimal("47.50")


# --- a fixed number of queries -----------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def a_month_of_work(
    world: World, allocation: Allocation, members: list[Member], month: date
) -> None:
    day = month  # the 1st: never in the future
    deliver(world, allocation, day, grade_a=1, rejected=1)
    for member in members:
        earning(member, day, "12.50")
        payout_make(
            member=member, amount=Decimal("12.50"), paid_on=day, method="cash", by=world.teresa
        )


def big_allocation(world: World) -> Allocation:
    order, _ = order_in_production(world, quantity=2)
    return Allocation.objects.create(
        line=order.lines.get(), member=world.maria, quantity=500, confirmed_by=world.rosa
    )


def test_query_count_does_not_grow_with_months(world):
    client = world.client_for(world.rosa)
    allocation = big_allocation(world)
    members = [world.maria, world.juana]
    now = this_month()
    for i in range(3):
        a_month_of_work(world, allocation, members, add_months(now, -i))
    two_years = f"?from={ym(add_months(now, -23))}&to={ym(now)}"
    three_months = f"?from={ym(add_months(now, -2))}&to={ym(now)}"
    with_3 = count_queries(client, page_url(world, two_years))
    for i in range(3, 24):
        a_month_of_work(world, allocation, members, add_months(now, -i))
    with_24 = count_queries(client, page_url(world, two_years))
    assert with_3 == with_24
    assert count_queries(client, page_url(world, three_months)) == with_24
    assert count_queries(client, csv_url(world, two_years)) <= with_24
    assert with_24 <= 22  # 8 monthly figures, 2 tourism, the rest trainings and meetings


def test_query_count_does_not_grow_with_members(world):
    client = world.client_for(world.rosa)
    allocation = big_allocation(world)
    now = this_month()
    three = [world.maria, world.juana, world.carmen]
    Member.objects.filter(group=world.camacani).tracked_update(joined_on=LONG_AGO)
    a_month_of_work(world, allocation, three, now)
    with_3 = count_queries(client, page_url(world))
    twenty = three + [
        Member.objects.create(
            group=world.camacani,
            number=10 + i,
            first_name=f"Socia {i}",
            last_name="Quispe",
            joined_on=LONG_AGO,
        )
        for i in range(17)
    ]
    a_month_of_work(world, allocation, twenty, add_months(now, -1))
    rows = by_month(csv_rows(client.get(csv_url(world))))
    assert rows[ym(add_months(now, -1))]["socias activas"] == "20"
    assert rows[ym(add_months(now, -1))]["pagado a las socias (S/)"] == "250.00"
    assert count_queries(client, page_url(world)) == with_3


def test_rework_alone_leaves_the_rate_empty(world):
    allocation = big_allocation(world)
    deliver(world, allocation, this_month(), rework=2)
    client = world.client_for(world.rosa)
    rows = csv_rows(client.get(csv_url(world, f"?from={ym(this_month())}")))
    assert figures(rows[0])[1:4] == ("0", "0", "")


def test_people_csv_is_counts_for_the_group_only(world):
    from minka.learning.models import Attendance, Training, TrainingSession

    day = timezone.localdate()
    training = Training.objects.create(
        group=world.camacani,
        topic="Derechos de la mujer",
        kind="rights",
        place="Local",
        starts_on=day,
        ends_on=day,
        sensitive=True,
        trainer_name="Defensoría",
    )
    session = TrainingSession.objects.create(training=training, held_on=day, hours=3)
    Attendance.objects.create(session=session, member=world.maria)
    path = reverse("impact_people_csv", args=[world.camacani.id])
    response = world.client_for(world.rosa).get(path)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "María" not in text and "Quispe" not in text  # counts, never names
    assert "Socias capacitadas" in text and "Participación en reuniones" in text
    rights = next(line for line in text.splitlines() if line.startswith("Derechos,"))
    assert rights.split(",")[1] == "1"  # María counted, not named
    assert world.client_for(world.maria_user).get(path).status_code == 403
    assert world.client_for(world.lucia).get(path).status_code == 404


def test_impact_page_splits_income_from_sales_and_orders_within_the_period(world):
    from minka.ledger.models import EntryKind
    from minka.ledger.services import entry_add

    today = timezone.localdate()
    for kind, amount, day in (
        (EntryKind.EARNING, "90.00", today),
        (EntryKind.SALE_SHARE, "24.99", today),
        (EntryKind.SALE_SHARE, "500.00", today.replace(year=today.year - 3)),  # outside
    ):
        entry_add(
            member=world.maria,
            kind=kind,
            amount=Decimal(amount),
            entry_date=day,
            description="x",
        )
    page = world.client_for(world.rosa).get(reverse("impact", args=[world.camacani.id]))
    income = page.context["income"]
    assert [(i.from_sales, i.from_orders) for i in income] == [(Decimal("24.99"), Decimal("90.00"))]
    assert "Ingresos de las socias" in page.content.decode()


def test_a_wrong_period_is_explained_in_rosas_language(world):
    rosa = world.client_for(world.rosa)
    rosa.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = rosa.get(page_url(world, "?from=marzo")).content.decode()
    assert "“marzo” is not a valid month" in html
    assert bars_per_chart(html) == [12, 12]
