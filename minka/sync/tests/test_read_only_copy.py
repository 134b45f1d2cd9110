"""On central, a group a site holds is a read-only copy: no edit link or button shows, each
record says where and when it last changed, and a POST to an edit address is refused with
a message naming the site, changing nothing.

Named people on central: sofia (staff of the organisation) and rosa, who has a
coordinator's role in Camacani on this server too (the strongest case: the role alone
would let her edit). The site S1 holds Camacani and Juli.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import order_in_production
from minka.learning import services as learning
from minka.learning.models import Attendance
from minka.members.models import Member
from minka.members.tests.test_member_pages import form_data
from minka.production.models import Delivery, Order
from minka.sync.services import bundle_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def copy(world, request):
    """Camacani's records as made on S1, then this server becomes central (the last
    record arrives by a bundle)."""
    order, allocations = order_in_production(world)
    today = timezone.localdate()
    training = learning.training_create(
        group=world.camacani,
        topic="Teñido natural",
        kind="technique",
        starts_on=today - timedelta(days=3),
        ends_on=today,
        trainer_name="Rosa",
    )
    session = learning.session_add(training=training, held_on=today, hours=Decimal("2"))
    central = request.getfixturevalue("central")
    bundle_read(central.bundle([central.new_member(1, "Felicitas", 40)]), way="http")
    return world, order, allocations[0], training, session


def page(client, name, *args):
    answer = client.get(reverse(name, args=args))
    assert answer.status_code == 200
    return answer.content.decode()


def test_no_edit_link_shows_on_central_even_for_a_coordinator_role(copy):
    world, order, allocation, training, session = copy
    g = world.camacani.id
    rosa = world.client_for(world.rosa)
    members = page(rosa, "member_list", g)
    assert "Felicitas" in members and "se administra en S1" in members
    assert reverse("member_edit", args=[g, world.maria.id]) not in members
    assert reverse("member_create", args=[g]) not in members
    detail = page(rosa, "order_detail", g, order.id)
    assert order.number in detail
    assert reverse("order_status", args=[g, order.id]) not in detail
    assert reverse("delivery_create", args=[g, allocation.id]) not in detail
    assert "Último cambio de este registro: en S1" in detail
    assert reverse("order_create", args=[g]) not in page(rosa, "order_list", g)
    course = page(rosa, "training_detail", g, training.id)
    assert reverse("session_attendance", args=[g, session.id]) not in course
    assert reverse("certificate_create", args=[g, training.id]) not in course
    assert "Último cambio de este registro: en S1" in course


def refused(client, url, data):
    answer = client.post(url, data)
    text = answer.content.decode()
    assert answer.status_code == 403, text[:300]
    assert "se administra en S1" in text and "solo lectura" in text
    assert "Último cambio recibido: en S1" in text


@pytest.mark.parametrize("who", ["sofia", "rosa"])
def test_every_edit_on_central_is_refused_with_a_clear_message(copy, who):
    world, order, allocation, _training, session = copy
    g = world.camacani.id
    client = world.client_for(getattr(world, who))
    today = timezone.localdate().strftime("%d/%m/%Y")
    before = (Member.objects.count(), Order.objects.count(), Delivery.objects.count())
    refused(client, reverse("member_edit", args=[g, world.maria.id]), form_data(first_name="X"))
    refused(client, reverse("member_create", args=[g]), form_data(first_name="Nueva"))
    refused(client, reverse("order_status", args=[g, order.id]), {"status": "cancelled"})
    refused(
        client,
        reverse("delivery_create", args=[g, allocation.id]),
        {"received_on": today, "quantity": 1, "grade_a": 1, "grade_b": 0, "rework": 0},
    )
    refused(
        client,
        reverse("session_attendance", args=[g, session.id]),
        {"members": [str(world.maria.id)], "guests": ""},
    )
    refused(client, reverse("training_create", args=[g]), {"topic": "Otra", "kind": "rights"})
    assert (Member.objects.count(), Order.objects.count(), Delivery.objects.count()) == before
    world.maria.refresh_from_db()
    order.refresh_from_db()
    assert world.maria.first_name == "María" and order.status != "cancelled"
    assert not Attendance.objects.filter(session=session).exists()


def test_in_english_the_refusal_is_in_english(copy):
    world, order, *_rest = copy
    sofia = world.client_for(world.sofia)
    sofia.cookies["django_language"] = "en"
    answer = sofia.post(
        reverse("order_status", args=[world.camacani.id, order.id]), {"status": "cancelled"}
    )
    assert answer.status_code == 403 and "read-only copy" in answer.content.decode()
