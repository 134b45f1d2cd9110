"""A visit from the public page to the host's pay, in a real browser (headless Chromium):
an anonymous visitor asks for a class on her phone, Rosa (coordinator) confirms it with
the hosts Minka proposes, Teresa (treasurer) closes the visit once it is done, and María
(a host) sees the visit and her pay on her own page. The public page fits 360 px."""

from datetime import timedelta
from decimal import Decimal

import pytest

from minka.conftest import World, browser_login
from minka.ledger.models import EntryKind, LedgerEntry
from minka.tourism.models import Booking, BookingStatus
from minka.tourism.tests.conftest import TODAY, build_visits, next_weekday

pytestmark = pytest.mark.browser


def test_a_visit_from_the_public_page_to_the_hosts_pay(chromium, live_server, live_world: World):
    w = live_world
    visits = build_visits(w)
    base = live_server.url
    day = next_weekday(2)  # a Wednesday the class is offered

    # The visitor, not signed in, on a 360 px phone.
    phone = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="es-PE", is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.goto(f"{base}/g/{w.camacani.id}/tourism/visit/")
    assert "Clase de tejido a palitos" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_navigation():
        page.locator("a", has_text="Clase de tejido a palitos").first.tap()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Juana" not in page.content()  # a host who did not agree is never shown
    page.fill("#id_visit_date", day.strftime("%d/%m/%Y"))
    page.fill("#id_people", "3")
    page.select_option("#id_currency", "PEN")
    page.fill("#id_visitor_name", "Anna Schmidt")
    page.fill("#id_visitor_contact", "anna@example.org")
    page.fill("#id_message", "Somos tres.")
    with page.expect_navigation():
        page.locator("button.primary", has_text="Enviar").tap()
    assert "La coordinadora del grupo le responderá" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="var/shots/visit-request-phone.png", full_page=True)
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.REQUESTED and booking.people == 3
    phone.close()

    # Rosa confirms; Minka proposes the host who hosted least (María, nobody hosted yet).
    desk = chromium.new_page(viewport={"width": 1024, "height": 800}, locale="es-PE")
    browser_login(desk, base, "rosa")
    desk.goto(f"{base}/g/{w.camacani.id}/tourism/")
    with desk.expect_navigation():
        desk.locator("a", has_text=booking.number).first.click()
    assert "quien recibió menos visitas" in desk.content()
    with desk.expect_navigation():
        desk.locator("button", has_text="Confirmar la reserva").click()
    assert "Reserva confirmada." in desk.content()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert [h.member for h in booking.hosts.all()] == [w.maria]
    desk.context.close()

    # The visit took place (its date is moved to yesterday, as time would).
    done_day = TODAY - timedelta(days=1)
    Booking.objects.filter(pk=booking.pk).tracked_update(visit_date=done_day)
    booking.hosts.all().tracked_update(first_day=done_day, last_day=done_day)

    # Teresa closes it: paid in cash, the hosts' share to María's account.
    till = chromium.new_page(viewport={"width": 1024, "height": 800}, locale="es-PE")
    browser_login(till, base, "teresa")
    till.goto(f"{base}/g/{w.camacani.id}/tourism/bookings/{booking.id}/")
    till.select_option("#id_method", "cash")
    with till.expect_navigation():
        till.locator("button", has_text="La visita se hizo: cobrar y pagar").click()
    assert "Visita cerrada y pagada." in till.content()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DONE
    # 3 x S/ 80.00 = 240.00; 70 % to the hosts = 168.00, all María's.
    pay = LedgerEntry.objects.get(kind=EntryKind.HOST_PAY, source_id=booking.id)
    assert (pay.member, pay.amount) == (w.maria, Decimal("168.00"))
    till.context.close()

    # María sees the visit and her pay on her own page, on her phone.
    her = chromium.new_page(
        viewport={"width": 360, "height": 740}, locale="es-PE", is_mobile=True, has_touch=True
    )
    browser_login(her, base, "maria")
    her.goto(f"{base}/g/{w.camacani.id}/tourism/hosts/{w.maria.id}/visits/")
    text = her.content()
    assert "Clase de tejido a palitos" in text and "S/ 168.00" in text
    assert her.evaluate("document.documentElement.scrollWidth") <= 360
    her.screenshot(path="var/shots/host-pay-phone.png", full_page=True)
    assert visits.lesson.bookings.count() == 1
