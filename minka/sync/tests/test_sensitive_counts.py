"""A sensitive training's attendance stays on the site; only counts per session travel,
and central's impact page counts from them the same figures the site shows.

The test database plays both parts: the site's figures are taken with the attendance rows
in place; then the rows are removed (as central never receives them) and the counts the
site's bundle carries are applied on central through a signed bundle.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.impact.indicators import Period
from minka.learning import services as learning
from minka.learning.indicators import training_figures
from minka.learning.models import Attendance, SensitiveCount
from minka.organisation.rollup import _training
from minka.sync import outbox
from minka.sync.models import Peer
from minka.sync.services import bundle_read

pytestmark = pytest.mark.django_db


def test_central_counts_a_sensitive_training_from_its_counts_alone(central, settings):
    world = central.world
    today = timezone.localdate()
    start = today - timedelta(days=20)
    rights = learning.training_create(
        group=world.camacani,
        topic="Nuestros derechos",
        kind="rights",
        starts_on=start,
        ends_on=today,
        sensitive=True,
        trainer_name="DEMUNA Puno",
    )
    open_one = learning.training_create(
        group=world.camacani,
        topic="Hilado",
        kind="rights",
        starts_on=start,
        ends_on=today,
        trainer_name="Rosa",
    )
    first = learning.session_add(training=rights, held_on=start, hours=Decimal("2"))
    second = learning.session_add(training=rights, held_on=today, hours=Decimal("1.5"))
    other = learning.session_add(training=open_one, held_on=today, hours=Decimal("3"))
    learning.attendance_record(
        session=first, members=[world.maria, world.juana], guests=["Don Pedro"]
    )
    learning.attendance_record(session=second, members=[world.maria, world.carmen])
    learning.attendance_record(session=other, members=[world.juana])
    period = (start, today)
    on_site = training_figures(world.camacani, *period)
    rights_row = next(r for r in on_site.by_kind if r.kind == "rights")
    # maria, juana, carmen in the sensitive one; juana again in the open one (twice, on
    # central: it cannot tell the sensitive training's women apart from the others).
    assert (rights_row.women, rights_row.guests, rights_row.hours) == (3, 1, Decimal("10.0"))

    settings.MINKA_ROLE = "site"
    counts = outbox._counts({first.pk, second.pk})
    settings.MINKA_ROLE = "central"
    assert sorted(c[2:] for c in counts) == [[2, 0, 1], [2, 1, 2]]
    Attendance.objects.filter(session__training=rights).delete()  # never came to central
    assert training_figures(world.camacani, *period).member_hours == Decimal("3.0")

    bundle_read(central.bundle([], counts=counts), way="http")
    assert SensitiveCount.objects.count() == 2
    on_central = training_figures(world.camacani, *period)
    row = next(r for r in on_central.by_kind if r.kind == "rights")
    assert (row.women, row.guests, row.hours) == (4, 1, Decimal("10.0"))
    assert on_central.member_hours == on_site.member_hours == Decimal("10.0")
    assert on_central.women_trained == on_site.women_trained + 1
    page = world.client_for(world.sofia).get(reverse("impact_people_csv", args=[world.camacani.id]))
    assert "Derechos,4,1,10.0" in page.content.decode()
    months = Period(first=start.replace(day=1), last=today.replace(day=1))
    hours = _training(world.org.groups.all(), months)
    assert sum(hours.values()) == Decimal("10.0")


def test_counts_for_a_group_of_another_site_are_refused(central):
    central.peer.group_codes = ["JUL"]
    central.peer.save()
    session = "0" * 32
    with pytest.raises(Exception, match="no son de S1"):
        bundle_read(
            central.bundle([], counts=[[session, str(central.world.camacani.id), 1, 0, 1]]),
            way="http",
        )
    assert not SensitiveCount.objects.exists()


def test_a_site_sends_counts_only_for_the_groups_it_holds(world, settings):
    """A site holding Juli alone (the demo's second site) must not send the counts of a
    sensitive training of Camacani, whose records it keeps but does not share: central
    would refuse the whole bundle."""
    settings.MINKA_ROLE = "site"
    today = timezone.localdate()
    rights = learning.training_create(
        group=world.camacani, topic="Nuestros derechos", kind="rights", starts_on=today,
        ends_on=today, sensitive=True, trainer_name="DEMUNA Puno",
    )  # fmt: skip
    session = learning.session_add(training=rights, held_on=today, hours=Decimal("2"))
    learning.attendance_record(session=session, members=[world.maria])
    link = Peer.objects.create(
        code="C1", organisation=world.org, group_codes=["JUL"], public_key="ab" * 32,
        enrolled_at=timezone.now(),
    )  # fmt: skip
    bundle, _n = outbox.build(link, 1, limit=None)
    assert bundle.counts == []
    assert not [e for e in bundle.changes if e["m"] == "learning.Attendance"]

    link.group_codes = ["CAM", "JUL"]
    link.save()
    bundle, _n = outbox.build(link, 1, limit=None)
    assert [c[:2] for c in bundle.counts] == [[str(session.pk), str(world.camacani.id)]]
