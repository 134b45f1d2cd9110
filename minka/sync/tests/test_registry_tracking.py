"""Every model is in exactly one list, and every write of a travelling record leaves a
change in the log, in its own transaction, whichever service made it."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from minka.ledger.models import AppendOnlyError, LedgerEntry
from minka.lib.models import UntrackedWriteError
from minka.members.models import Member, Skill
from minka.sync import registry
from minka.sync.models import Change

pytestmark = pytest.mark.django_db


def test_every_model_is_in_exactly_one_list():
    lists = {"UP": registry.UP, "DOWN": registry.DOWN, "STAYS": registry.STAYS}
    labels = {m._meta.label for m in apps.get_models()}
    for label in labels:
        holders = [name for name, table in lists.items() if label in table]
        assert len(holders) == 1, f"{label} is in {holders or 'no list'}"
    for name, table in lists.items():
        unknown = set(table) - labels
        assert not unknown, f"{name} names models that do not exist: {unknown}"


def test_sensitive_attendance_is_the_only_up_record_that_is_filtered():
    assert registry.SENSITIVE_ATTENDANCE in registry.UP
    assert "sessions.Session" in registry.STAYS
    assert "members.GroupRole" in registry.STAYS


def test_the_demo_built_through_the_services_records_every_travelling_row(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rows a migration made (the national helpline) are the same on every server.
    before = {
        label: set(apps.get_model(label)._default_manager.values_list("pk", flat=True))
        for label in registry.TRAVELS
    }
    call_command("demo", stdout=io.StringIO())
    recorded: dict[str, set[str]] = {}
    for label, record_id in Change.objects.values_list("model", "record_id"):
        recorded.setdefault(label, set()).add(str(record_id))
    checked = 0
    for label in registry.TRAVELS:
        if not registry.travels(label):
            continue
        model = apps.get_model(label)
        ids = {
            str(pk)
            for pk in model._default_manager.values_list("pk", flat=True)
            if pk not in before[label]
        }
        missing = ids - recorded.get(label, set())
        assert not missing, f"{len(missing)} {label} rows have no recorded change"
        checked += len(ids)
    assert checked > 2000  # the demo is big enough for this to mean something
    counters = list(Change.objects.order_by("counter").values_list("counter", flat=True))
    assert counters == list(range(1, len(counters) + 1))  # one per change, none twice


def test_a_direct_update_of_a_travelling_model_is_caught(world):
    before = Change.objects.count()
    with pytest.raises(UntrackedWriteError):
        Member.objects.filter(pk=world.maria.pk).update(first_name="Otra")
    with pytest.raises(UntrackedWriteError):
        Member.objects.bulk_update([world.maria], ["first_name"])
    world.maria.refresh_from_db()
    assert world.maria.first_name != "Otra"
    assert Change.objects.count() == before


def test_the_tracked_update_records_each_row(world):
    before = Change.objects.count()
    Member.objects.filter(group=world.camacani).tracked_update(community="Camacani")
    count = Member.objects.filter(group=world.camacani).count()
    assert Change.objects.count() == before + count
    assert set(Change.objects.order_by("-id")[:count].values_list("record_id", flat=True)) == set(
        Member.objects.filter(group=world.camacani).values_list("pk", flat=True)
    )


def test_bulk_create_and_delete_record_their_changes(world):
    skill = Skill.objects.filter(member=world.maria).first()
    assert skill is not None
    Skill.objects.filter(pk=skill.pk).delete()
    gone = Change.objects.get(model="members.Skill", record_id=skill.pk, deleted=True)
    assert gone.origin == "S1"
    made = Skill.objects.bulk_create(
        [Skill(member=world.maria, technique=skill.technique, level=2)]
    )
    assert Change.objects.filter(record_id=made[0].pk, deleted=False).exists()


def test_append_only_ledger_refuses_even_the_tracked_update(world):
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().update(amount=1)


def test_a_failed_write_leaves_no_change(world):
    before = Change.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        world.maria.first_name = "Nadie"
        world.maria.save()
        raise RuntimeError
    assert Change.objects.count() == before
