"""María's statement: her balance, her newest lines first, fifty at a time, older pages
and a period on request; what it costs does not grow with her history."""

import re
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minka.conftest import order_in_production
from minka.ledger.models import LedgerEntry
from minka.ledger.selectors import STATEMENT_PAGE, statement_page
from minka.ledger.services import earning_add
from minka.portal.views import RECENT_WORK
from minka.production.models import Allocation
from minka.production.services import delivery_record


def statement(world, **query):
    return reverse("member_statement", args=[world.camacani.id, world.maria.id])


def add_entries(member, n: int, start: date = date(2024, 1, 1)) -> None:
    """n earnings, one every other day, entry i worth S/ i.00 (so each line is named)."""
    for i in range(1, n + 1):
        earning_add(
            member=member,
            quantity=1,
            unit_amount=Decimal(i),
            description=f"Pieza {i}",
            entry_date=start + timedelta(days=2 * i),
        )


def lines(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Pieza (\d+)", html)]


def test_her_newest_lines_come_first_fifty_at_a_time_and_older_ones_on_request(world):
    add_entries(world.maria, 120)
    maria = world.client_for(world.maria_user)

    first = maria.get(statement(world))
    html = first.content.decode()
    assert lines(html) == list(range(120, 70, -1))
    assert "Movimientos: 120" in html
    # The balance is all her money, not the page's: 1 + 2 + ... + 120.
    assert 'data-testid="balance">S/ 7,260.00' in html

    older = re.search(r'data-testid="older" href="([^"#]+)', html)
    assert older is not None
    second = maria.get(statement(world) + older.group(1).replace("&amp;", "&"))
    assert lines(second.content.decode()) == list(range(70, 20, -1))
    older = re.search(r'data-testid="older" href="([^"#]+)', second.content.decode())
    assert older is not None
    third = maria.get(statement(world) + older.group(1).replace("&amp;", "&")).content.decode()
    assert lines(third) == list(range(20, 0, -1))
    assert 'data-testid="older"' not in third
    assert "Ver los más recientes" in third


def test_a_period_shows_only_its_lines(world):
    add_entries(world.maria, 30)  # dated 3 Jan 2024, 5 Jan, ... every other day
    rosa = world.client_for(world.rosa)
    page = rosa.get(statement(world), {"first": "01/02/2024", "last": "10/02/2024"})
    html = page.content.decode()
    assert page.status_code == 200
    # 2 Feb is entry 15 (1 Jan + 30 days) ... 10 Feb is entry 20 (not 19: 9 Feb is odd).
    assert lines(html) == [20, 19, 18, 17, 16]
    assert "Movimientos: 5" in html


def test_the_count_of_a_period_is_exact_whatever_months_it_cuts(world):
    add_entries(world.maria, 100)  # 3 Jan 2024 to 10 Jul 2024, every other day
    mine = LedgerEntry.objects.filter(member=world.maria)
    periods = [
        (None, None),
        (date(2024, 2, 1), date(2024, 2, 29)),  # one whole month
        (date(2024, 2, 1), date(2024, 2, 10)),
        (date(2024, 1, 15), date(2024, 4, 30)),
        (date(2024, 1, 15), date(2024, 4, 29)),
        (date(2024, 3, 7), date(2024, 3, 20)),  # inside one month
        (date(2024, 3, 1), None),
        (None, date(2024, 3, 15)),
        (date(2023, 1, 1), date(2023, 12, 31)),  # before her first line
    ]
    for first, last in periods:
        expected = mine
        if first:
            expected = expected.filter(entry_date__gte=first)
        if last:
            expected = expected.filter(entry_date__lte=last)
        page = statement_page(world.maria, first=first, last=last)
        assert page.count == expected.count(), (first, last)


def test_a_bad_date_is_a_form_error_and_nothing_breaks(world):
    add_entries(world.maria, 3)
    rosa = world.client_for(world.rosa)
    for bad in ({"first": "31/02/2024"}, {"last": "mañana"}, {"after": "no-es-un-id"}):
        page = rosa.get(statement(world), bad)
        assert page.status_code == 400, bad
        assert lines(page.content.decode()) == [3, 2, 1], bad
    page = rosa.get(statement(world), {"first": "31/02/2024"})
    assert "Escriba una fecha que exista" in page.content.decode()
    backwards = rosa.get(statement(world), {"first": "10/02/2024", "last": "01/02/2024"})
    assert backwards.status_code == 400
    assert "debe ser anterior" in backwards.content.decode()


def test_a_cursor_of_someone_else_is_not_found(world):
    add_entries(world.juana, 1)
    juana_line = world.juana.ledger_entries.get()
    rosa = world.client_for(world.rosa)
    assert rosa.get(statement(world), {"after": str(juana_line.id)}).status_code == 404


def queries_and_html(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_her_statement_costs_the_same_for_10_entries_as_for_500(world):
    maria = world.client_for(world.maria_user)
    add_entries(world.maria, 10)
    # The first visit after a write renders her page; the next ones serve it as kept.
    drawn_few, html = queries_and_html(maria, statement(world))
    assert len(lines(html)) == 10
    kept_few, kept_html = queries_and_html(maria, statement(world))
    assert lines(kept_html) == lines(html)

    add_entries(world.maria, 490, start=date(2021, 1, 1))  # years more of history
    drawn_many, html = queries_and_html(maria, statement(world))
    kept_many, kept_html = queries_and_html(maria, statement(world))

    assert (drawn_many, kept_many) == (drawn_few, kept_few)
    assert len(lines(html)) == len(lines(kept_html)) == STATEMENT_PAGE
    assert "Movimientos: 500" in html and "Movimientos: 500" in kept_html
    # Drawn: her work, yarn, money, trainings, meetings, posts, sales, the next meeting
    # and pay day, her choice about private trainings' names, whether she hosts visitors.
    assert drawn_few <= 30
    # Kept: her session and login, the strings' version, her access (group, roles,
    # staff), the member, the newest change of her group, and the menu's translator
    # check; nothing of her records.
    assert kept_few <= 10


def test_her_work_lists_her_newest_orders_and_counts_the_rest(world):
    """Years of orders must not make her page longer: her newest RECENT_WORK are listed,
    the others counted, and the pieces tile still adds up every piece accepted."""
    order, _ = order_in_production(world, quantity=2)
    line = order.lines.get()
    made = [
        Allocation.objects.create(
            line=line, member=world.maria, quantity=5, confirmed_by=world.rosa
        )
        for _ in range(RECENT_WORK + 2)
    ]
    today = timezone.localdate()
    for allocation, accepted in ((made[0], 3), (made[-1], 1)):  # her oldest and her newest
        delivery_record(
            allocation=allocation, received_on=today, grade_a=accepted, grade_b=0,
            rework=0, rejected=0, by=world.rosa,
        )  # fmt: skip
    total = Allocation.objects.filter(member=world.maria).count()

    html = world.client_for(world.maria_user).get(statement(world)).content.decode()

    work = html.split("Mis encargos", 1)[1].split("<h2", 1)[0]
    assert work.count('<li class="card-line">') == RECENT_WORK
    earlier = re.search(r'data-testid="earlier-work">Encargos anteriores: <b>(\d+)</b>', work)
    assert earlier is not None and int(earlier[1]) == total - RECENT_WORK
    # 3 pieces on an order no longer listed, 1 on the newest.
    pieces = re.search(r'#sweater"/></svg>\s*<span class="figure">(\d+)', html)
    assert pieces is not None and pieces[1] == "4"
