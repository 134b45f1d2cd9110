"""When a visit is done or cancelled: cash book, hosts' ledgers, group fund, agency."""

from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command
from django.test import Client

from minka.cash.models import CashEntry
from minka.cash.services import cash_balance
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import member_balance
from minka.members.models import AccessLogEntry, Action
from minka.sales.models import FundEntry
from minka.tourism.models import Booking, BookingStatus
from minka.tourism.services import bookings_forget
from minka.tourism.tests.conftest import TODAY, Visits, next_weekday, url


def book(
    visits: Visits,
    *,
    experience=None,
    day=None,
    people: int = 3,
    currency: str = "PEN",  # type: ignore[no-untyped-def]  # test helper: the client and its response are Django's untyped test objects
    agency: str = "",
    commission: str = "0",
) -> Booking:
    w = visits.world
    experience = experience or visits.lesson
    day = day or next_weekday(2)
    data = {
        "experience": experience.id,
        "visit_date": day.strftime("%d/%m/%Y"),
        "people": str(people),
        "currency": currency,
        "channel": "agency" if agency else "direct",
        "visitor_name": "Familia Rossi",
        "visitor_contact": "+39 333 000",
        "agency_name": agency,
        "commission_percent": commission,
    }
    response = w.client_for(w.rosa).post(url("booking_direct", w.camacani), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Booking.objects.latest("created_at")


def act(visits: Visits, user, booking: Booking, action: str, **data: object) -> str:  # type: ignore[no-untyped-def]  # test helper: the client and its response are Django's untyped test objects
    client = visits.world.client_for(user)
    return client.post(
        url("booking_action", visits.world.camacani, booking.id, action), data, follow=True
    ).content.decode()


def backdate(booking: Booking, days: int) -> None:
    """The visit happened `days` ago (its date was in the future when it was booked)."""
    day = TODAY - timedelta(days=days)
    Booking.objects.filter(pk=booking.pk).tracked_update(visit_date=day)
    booking.hosts.all().tracked_update(first_day=day, last_day=day)


def test_a_done_visit_pays_hosts_fund_and_agency_to_the_cent(visits: Visits) -> None:
    w = visits.world
    # 9 visitors: two hosts (8 a host), 5 and 4 visitors; agency 12.5 %.
    booking = book(visits, people=9, agency="Andes Tours", commission="12.5")
    assert sorted(h.visitors for h in booking.hosts.all()) == [4, 5]
    text = act(
        visits,
        w.teresa,
        booking,
        "deposit",
        amount="100.00",
        method="yape",
        on=TODAY.strftime("%d/%m/%Y"),
    )
    assert "Adelanto registrado en la caja." in text
    backdate(booking, 1)
    text = act(visits, w.teresa, booking, "complete", method="cash", on=TODAY.strftime("%d/%m/%Y"))
    assert "Visita cerrada y pagada." in text
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DONE
    # 9 x 80.00 = 720.00; commission 12.5 % = 90.00; left 630.00; hosts 70 % = 441.00.
    assert booking.received == Decimal("720.00") and booking.commission == Decimal("90.00")
    assert booking.hosts_amount == Decimal("441.00") and booking.fund_amount == Decimal("189.00")
    pay = LedgerEntry.objects.filter(kind=EntryKind.HOST_PAY, source_id=booking.id)
    by_member = {e.member_id: e.amount for e in pay}
    assert by_member == {w.maria.id: Decimal("245.00"), w.juana.id: Decimal("196.00")}
    cash = CashEntry.objects.filter(source_id=booking.id)
    assert [(c.direction, c.method, c.amount) for c in cash] == [
        ("in", "yape", Decimal("100.00")),
        ("in", "cash", Decimal("620.00")),
        ("out", "cash", Decimal("90.00")),
    ]
    assert cash_balance(w.camacani) == Decimal("630.00")
    fund = FundEntry.objects.get(group=w.camacani)
    assert fund.amount == Decimal("189.00") and booking.number in fund.description
    assert sum(by_member.values()) + fund.amount + booking.commission == booking.received
    assert member_balance(w.maria) == Decimal("245.00")
    again = act(visits, w.teresa, booking, "complete", method="cash", on=TODAY.strftime("%d/%m/%Y"))
    assert "Solo se cierra una visita confirmada." in again
    assert LedgerEntry.objects.filter(kind=EntryKind.HOST_PAY).count() == 2


def test_a_dollar_visit_is_shared_in_soles_at_the_days_rate(visits: Visits) -> None:
    w = visits.world
    booking = book(
        visits, experience=visits.stay, day=TODAY + timedelta(days=15), people=3, currency="USD"
    )
    backdate(booking, 0)
    refused = act(
        visits, w.rosa, booking, "complete", method="transfer", on=TODAY.strftime("%d/%m/%Y")
    )
    assert "Escriba el tipo de cambio del día" in refused
    assert not CashEntry.objects.exists()
    act(
        visits,
        w.rosa,
        booking,
        "complete",
        method="transfer",
        on=TODAY.strftime("%d/%m/%Y"),
        exchange_rate="3.7512",
    )
    booking.refresh_from_db()
    # US$ 105.00 at 3.7512 = S/ 393.88; hosts fixed S/ 80.00 x 3 = 240.00; fund 153.88.
    assert cash_balance(w.camacani, "USD") == Decimal("105.00")
    assert booking.hosts_amount == Decimal("240.00") and booking.fund_amount == Decimal("153.88")
    assert sorted(h.pay for h in booking.hosts.all()) == [Decimal("80.00"), Decimal("160.00")]


def test_cancelled_early_returns_the_deposit(visits: Visits) -> None:
    w = visits.world
    booking = book(visits, day=next_weekday(2, after_days=20))
    act(
        visits,
        w.teresa,
        booking,
        "deposit",
        amount="50",
        method="cash",
        on=TODAY.strftime("%d/%m/%Y"),
    )
    text = act(
        visits,
        w.teresa,
        booking,
        "cancel",
        method="cash",
        reason="Cambio de planes",
        on=TODAY.strftime("%d/%m/%Y"),
    )
    assert "Reserva cancelada." in text
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert cash_balance(w.camacani) == Decimal("0.00")
    assert not LedgerEntry.objects.exists() and not FundEntry.objects.exists()


def test_cancelled_late_keeps_the_deposit_and_shares_it(visits: Visits) -> None:
    w = visits.world
    booking = book(visits, day=next_weekday(2, after_days=10), people=2)
    act(
        visits,
        w.teresa,
        booking,
        "deposit",
        amount="60.01",
        method="cash",
        on=TODAY.strftime("%d/%m/%Y"),
    )
    Booking.objects.filter(pk=booking.pk).tracked_update(visit_date=TODAY + timedelta(days=2))
    refused = act(
        visits, w.teresa, booking, "cancel", method="cash", reason="", on=TODAY.strftime("%d/%m/%Y")
    )
    assert "Escriba el motivo de la cancelación." in refused
    act(
        visits,
        w.teresa,
        booking,
        "cancel",
        method="cash",
        reason="No llegaron",
        on=TODAY.strftime("%d/%m/%Y"),
    )
    booking.refresh_from_db()
    # 70 % of 60.01 = 42.007 -> 42.00 to the host; 18.01 to the fund.
    assert booking.hosts_amount == Decimal("42.00") and booking.fund_amount == Decimal("18.01")
    assert cash_balance(w.camacani) == Decimal("60.01")
    assert LedgerEntry.objects.get(kind=EntryKind.HOST_PAY).amount == Decimal("42.00")


def test_each_host_sees_her_visit_and_pay_on_her_own_page(visits: Visits) -> None:
    w = visits.world
    booking = book(visits, people=2)
    backdate(booking, 3)
    act(visits, w.rosa, booking, "complete", method="cash", on=TODAY.strftime("%d/%m/%Y"))
    mine = url("host_visits", w.camacani, w.maria.id)
    page = w.client_for(w.maria_user).get(mine).content.decode()
    assert "Clase de tejido a palitos" in page and "S/ 112.00" in page
    assert (
        w.client_for(w.maria_user).get(url("host_visits", w.camacani, w.juana.id)).status_code
        == 404
    )
    assert w.client_for(w.lucia).get(mine).status_code == 404
    assert w.client_for(w.rosa).get(mine).status_code == 200
    logged = AccessLogEntry.objects.filter(member=w.maria, action=Action.VIEW_STATEMENT)
    assert [e.user for e in logged] == [w.rosa]  # her own look is not logged
    assert (
        w.client_for(w.maria_user).get(url("booking_detail", w.camacani, booking.id)).status_code
        == 403
    )
    assert Client().get(mine).status_code == 302


def test_the_impact_page_counts_visits_visitors_nights_and_pay(visits: Visits) -> None:
    w = visits.world
    stay = book(visits, experience=visits.stay, day=TODAY + timedelta(days=12), people=3)
    backdate(stay, 0)
    act(visits, w.rosa, stay, "complete", method="cash", on=TODAY.strftime("%d/%m/%Y"))
    page = w.client_for(w.sofia).get(url("impact", w.camacani)).content.decode()
    section = page.split("Turismo comunitario por mes")[1]
    row = f'<td>{TODAY:%m/%Y}</td><td class="num">1</td><td class="num">3</td><td class="num">3</td><td class="num">S/ 240.00</td>'  # noqa: E501
    assert row in section


def test_a_visitors_name_and_contact_are_forgotten_after_the_visit(visits: Visits) -> None:
    w = visits.world
    booking = book(visits)
    assert not bookings_forget(today=TODAY)
    Booking.objects.filter(pk=booking.pk).tracked_update(forget_on=TODAY - timedelta(days=1))
    call_command("tourism-forget")
    booking.refresh_from_db()
    assert booking.forgotten and booking.visitor_name == "" and booking.visitor_contact == ""
    assert booking.people == 3  # the counts stay
    page = w.client_for(w.rosa).get(url("booking_detail", w.camacani, booking.id)).content.decode()
    assert "Familia Rossi" not in page
