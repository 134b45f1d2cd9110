"""The access log travels up: on central the organisation's staff read who saw whose data
in its groups, and list what a login could have seen in a period (the breach duty).
Another organisation's staff see nothing of it.

Named people on central: sofia (staff of the organisation), olga (staff of another
organisation), lucia (coordinator of Juli, not staff). rosa worked on the site S1.
"""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from minka.members.models import AccessLogEntry, Action, Organisation, OrganisationStaff
from minka.sync.serial import to_json
from minka.sync.services import bundle_read

pytestmark = pytest.mark.django_db


def seen_on_site(central, counter: int, member, action: str = Action.VIEW_MEMBER):
    """An entry of the site's log, as its bundle carries it."""
    world = central.world
    entry = AccessLogEntry(
        user=world.rosa, group=member.group, member=member, action=action, site="S1"
    )
    entry.created_at = timezone.now()
    data = to_json(entry, {})
    data["user_id"] = "S1:rosa"
    return {
        "m": "members.AccessLogEntry",
        "id": str(uuid.uuid4()),
        "c": counter,
        "o": "S1",
        "t": timezone.now().isoformat(),
        "d": data,
    }


@pytest.fixture
def synced(central):
    world = central.world
    changes = [
        seen_on_site(central, 1, world.maria),
        seen_on_site(central, 2, world.juli_member, Action.EXPORT),
    ]
    bundle_read(central.bundle(changes), way="http")
    return world


def test_staff_read_the_log_of_every_group_on_central(synced):
    world = synced
    url = reverse("organisation_access_log", args=[world.org.id])
    page = world.client_for(world.sofia).get(url).content.decode()
    assert world.maria.full_name in page and world.juli_member.full_name in page
    assert "S1:rosa" in page and "CAM" in page and "JUL" in page
    assert (
        "Registro de accesos"
        in world.client_for(world.sofia).get(reverse("desk", args=[world.org.id])).content.decode()
    )


def test_a_login_s_breach_report_lists_whose_data_it_saw(synced):
    world = synced
    today = timezone.localdate()
    url = reverse("organisation_access_log", args=[world.org.id])
    query = {
        "first": (today - timedelta(days=2)).strftime("%d/%m/%Y"),
        "last": today.strftime("%d/%m/%Y"),
        "username": "S1:rosa",
    }
    page = world.client_for(world.sofia).get(url, query).content.decode()
    assert "Lo que vio S1:rosa en el periodo" in page
    report = page[page.index("Lo que vio") : page.index("</section>")]
    assert world.maria.full_name in report and world.juli_member.full_name in report
    earlier = {**query, "last": (today - timedelta(days=1)).strftime("%d/%m/%Y")}
    page = world.client_for(world.sofia).get(url, earlier).content.decode()
    report = page[page.index("Lo que vio") : page.index("</section>")]
    assert world.maria.full_name not in report and "Nada registrado" in report


def test_another_organisation_and_a_coordinator_see_nothing(synced):
    world = synced
    other = Organisation.objects.create(name="Otra red")
    olga = User.objects.create_user("olga", password="x" * 12)
    OrganisationStaff.objects.create(user=olga, organisation=other)
    url = reverse("organisation_access_log", args=[world.org.id])
    assert world.client_for(olga).get(url).status_code == 404
    own = world.client_for(olga).get(reverse("organisation_access_log", args=[other.id]))
    assert own.status_code == 200 and world.maria.full_name not in own.content.decode()
    assert world.client_for(world.lucia).get(url).status_code == 403
    assert world.client_for(world.maria_user).get(url).status_code == 403
