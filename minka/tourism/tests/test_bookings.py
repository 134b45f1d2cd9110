"""Booking: the anonymous visitor asks, Rosa decides, Minka proposes hosts in turn."""

from datetime import timedelta

from django.test import Client

from minka.tourism.models import Booking, BookingStatus, HostAssignment, HostChange
from minka.tourism.services import REQUESTS_PER_HOUR
from minka.tourism.tests.conftest import TODAY, Visits, next_weekday, url

TUESDAY = next_weekday(1)


def ask(visits: Visits, client: Client | None = None, **changes: object):  # type: ignore[no-untyped-def]  # test helper: the client and its response are Django's untyped test objects
    data = {
        "visit_date": TUESDAY.strftime("%d/%m/%Y"),
        "people": "4",
        "currency": "USD",
        "visitor_name": "Anna Schmidt",
        "visitor_contact": "anna@example.org",
        "message": "Somos cuatro.",
        "website": "",
    }
    data.update({k: str(v) for k, v in changes.items()})
    client = client or Client()
    return client.post(url("experience_public", visits.world.camacani, visits.lesson.id), data)


def test_an_anonymous_visitor_asks_for_a_date(visits: Visits) -> None:
    response = ask(visits)
    assert response.status_code == 200
    assert "La coordinadora del grupo le responderá" in response.content.decode()
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.REQUESTED
    assert booking.currency == "USD" and booking.total == 100
    assert booking.requester_key and "127.0.0.1" not in booking.requester_key
    home = visits.world.client_for(visits.world.rosa).get(
        url("tourism_home", visits.world.camacani)
    )
    assert booking.number in home.content.decode()


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_saved(visits: Visits) -> None:
    response = ask(visits, website="http://spam.example")
    assert "La coordinadora del grupo le responderá" in response.content.decode()
    assert Booking.objects.count() == 0


def test_one_address_is_limited_per_hour(visits: Visits) -> None:
    client = Client()
    for day in range(REQUESTS_PER_HOUR):
        assert (
            ask(
                visits,
                client,
                people=1,
                visit_date=(TUESDAY + timedelta(days=day)).strftime("%d/%m/%Y"),
            ).status_code
            == 200
        )
    refused = ask(visits, client, people=1)
    assert refused.status_code == 400
    assert "varias solicitudes" in refused.content.decode()
    assert Booking.objects.count() == REQUESTS_PER_HOUR
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert ask(visits, other, people=1).status_code == 200


def test_bad_requests_get_a_clear_message_and_save_nothing(visits: Visits) -> None:
    monday = next_weekday(0)
    cases = {
        "La fecha ya pasó": {"visit_date": (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")},
        "no se ofrece ese día": {"visit_date": monday.strftime("%d/%m/%Y")},
        "quedan 10 lugares de 10; pidió 11": {"people": 11},
        "Escriba la fecha como dd/mm/aaaa.": {"visit_date": "mañana"},
    }
    for message, change in cases.items():
        response = ask(visits, **change)
        assert response.status_code == 400, message
        assert message in response.content.decode()
    assert ask(visits, people=0).status_code == 400
    assert Booking.objects.count() == 0


def _request(visits: Visits, people: int = 4, day=TUESDAY) -> Booking:  # type: ignore[no-untyped-def]  # test helper: the client and its response are Django's untyped test objects
    ask(visits, people=people, visit_date=day.strftime("%d/%m/%Y"))
    return Booking.objects.latest("created_at")


def _post(visits: Visits, user, booking: Booking, action: str, **data: object):  # type: ignore[no-untyped-def]  # test helper: the client and its response are Django's untyped test objects
    client = visits.world.client_for(user)
    return client.post(
        url("booking_action", visits.world.camacani, booking.id, action), data, follow=True
    )


def test_rosa_confirms_with_the_host_who_hosted_least(visits: Visits) -> None:
    w = visits.world
    earlier = _request(visits, people=2, day=TUESDAY)
    _post(visits, w.rosa, earlier, "confirm")
    first_host = HostAssignment.objects.get(booking=earlier).member
    assert first_host == w.maria  # nobody hosted yet: the lower member number
    booking = _request(visits, people=3, day=TUESDAY + timedelta(days=1))
    page = w.client_for(w.rosa).get(url("booking_detail", w.camacani, booking.id)).content.decode()
    assert "quien recibió menos visitas en los últimos 12 meses" in page
    response = _post(visits, w.rosa, booking, "confirm")
    assert "Reserva confirmada." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert [h.member for h in booking.hosts.all()] == [w.juana]  # María already had a turn
    assert booking.hosts.get().visitors == 3


def test_changing_the_proposal_needs_a_reason_which_is_recorded(visits: Visits) -> None:
    w = visits.world
    booking = _request(visits)
    refused = _post(visits, w.rosa, booking, "confirm", hosts=[w.juana.id])
    assert "Escriba por qué cambia las anfitrionas" in refused.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED and not booking.hosts.exists()
    _post(visits, w.rosa, booking, "confirm", hosts=[w.juana.id], reason="María viaja a Puno")
    change = HostChange.objects.get(booking=booking)
    assert change.proposed_names == "María Quispe Mamani"
    assert change.chosen_names == "Juana Condori Apaza" and change.reason == "María viaja a Puno"
    page = w.client_for(w.teresa).get(url("booking_detail", w.camacani, booking.id))
    assert "María viaja a Puno" in page.content.decode()


def test_a_host_is_not_booked_twice_the_same_night(visits: Visits) -> None:
    w = visits.world
    night = TODAY + timedelta(days=20)
    rosa = w.client_for(w.rosa)
    direct = {
        "experience": visits.stay.id,
        "visit_date": night.strftime("%d/%m/%Y"),
        "people": "2",
        "currency": "PEN",
        "channel": "direct",
        "visitor_name": "Pedro",
    }
    assert rosa.post(url("booking_direct", w.camacani), direct).status_code == 302
    first = Booking.objects.get()
    assert [h.member for h in first.hosts.all()] == [w.maria]
    second = Booking.objects.create(
        group=w.camacani,
        experience=visits.stay,
        number="X-2",
        status=BookingStatus.REQUESTED,
        channel="direct",
        visit_date=night,
        people=2,
        nights=1,
        price_per_person=120,
        forget_on=night + timedelta(days=30),
    )
    clash = _post(visits, w.rosa, second, "confirm", hosts=[w.maria.id], reason="la pidió")
    assert "María Quispe Mamani ya recibe la visita" in clash.content.decode()
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED and not second.hosts.exists()
    # Proposed by Minka instead: Juana, who is free that night.
    _post(visits, w.rosa, second, "confirm")
    assert [h.member for h in second.hosts.all()] == [w.juana]


def test_no_free_host_means_no_booking(visits: Visits) -> None:
    w = visits.world
    night = TODAY + timedelta(days=21)
    rosa = w.client_for(w.rosa)
    data = {
        "experience": visits.stay.id,
        "visit_date": night.strftime("%d/%m/%Y"),
        "currency": "PEN",
        "channel": "agency",
        "visitor_name": "Grupo de Lima",
        "agency_name": "Andes Tours",
        "commission_percent": "10",
    }
    assert rosa.post(url("booking_direct", w.camacani), {**data, "people": "4"}).status_code == 302
    w.maria.host_profile.beds = 0
    w.maria.host_profile.save()
    more = {**data, "people": "1", "visit_date": (night + timedelta(days=7)).strftime("%d/%m/%Y")}
    # Juana is free that week, María's beds are gone: still one home. Now take Juana's too.
    w.juana.host_profile.beds = 0
    w.juana.host_profile.save()
    refused = rosa.post(url("booking_direct", w.camacani), more)
    assert "No hay anfitriona libre para esa fecha." in refused.content.decode()
    assert Booking.objects.count() == 1


def test_over_capacity_counts_the_confirmed_visitors(visits: Visits) -> None:
    w = visits.world
    booking = _request(visits, people=8)
    _post(visits, w.rosa, booking, "confirm")
    response = ask(visits, people=3)
    assert "Ese día quedan 2 lugares de 10; pidió 3." in response.content.decode()


def test_propose_another_date_then_confirm_it(visits: Visits) -> None:
    w = visits.world
    booking = _request(visits)
    other = TUESDAY + timedelta(days=2)
    _post(
        visits,
        w.rosa,
        booking,
        "propose",
        new_date=other.strftime("%d/%m/%Y"),
        note="Ese día hay feria",
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PROPOSED and booking.proposed_date == other
    _post(visits, w.rosa, booking, "confirm")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.visit_date == other


def test_rosa_declines_and_others_may_not_decide(visits: Visits) -> None:
    w = visits.world
    booking = _request(visits)
    assert _post(visits, w.maria_user, booking, "decline", reason="x").status_code == 403
    assert _post(visits, w.teresa, booking, "confirm").status_code == 403
    assert _post(visits, w.lucia, booking, "decline", reason="x").status_code == 404
    _post(visits, w.rosa, booking, "decline", reason="Sin anfitrionas esa semana")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    again = _post(visits, w.rosa, booking, "confirm")
    assert "Esta reserva ya no espera respuesta." in again.content.decode()


def test_the_pages_read_in_english_too(visits: Visits) -> None:
    w = visits.world
    booking = _request(visits)
    rosa = w.client_for(w.rosa)
    rosa.cookies["django_language"] = "en"
    page = rosa.get(url("booking_detail", w.camacani, booking.id)).content.decode()
    assert "Hosts&#x27; turn" in page or "Hosts' turn" in page
    assert "Confirm the booking" in page
    home = rosa.get(url("tourism_home", w.camacani)).content.decode()
    assert "Community tourism" in home and "Knitting class" in home


def test_hosts_cannot_be_taken_off_a_visit(visits: Visits) -> None:
    w = visits.world
    booking = _request(visits)
    _post(visits, w.rosa, booking, "confirm")
    text = _post(visits, w.rosa, booking, "hosts", reason="nadie puede").content.decode()
    assert "Elija al menos una anfitriona" in text
    assert [h.member for h in booking.hosts.all()] == [w.maria]
