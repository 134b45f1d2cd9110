"""`minka sync rebuild-log`: records loaded without the change log get one change each."""

import pytest
from django.core.management import call_command

from minka.members.models import Member
from minka.sync.changes import applying
from minka.sync.models import Change

pytestmark = pytest.mark.django_db


def test_rows_loaded_in_bulk_get_one_change_each(world, capsys):
    with applying():  # as a bulk load writes: nothing logged
        loaded = Member.objects.create(
            group=world.camacani, number=90, first_name="Rufina", last_name="Mamani"
        )
    assert not Change.objects.filter(record_id=loaded.pk).exists()
    call_command("sync", "rebuild-log")
    assert "Registrados" in capsys.readouterr().out
    change = Change.objects.get(record_id=loaded.pk)
    assert change.model == "members.Member" and change.origin == "S1"
    # Never synced: the log is made again, parents first, whatever was logged before.
    group = Change.objects.get(record_id=world.camacani.pk)
    skill = Change.objects.get(model="members.Skill", record_id=world.maria.skills.get().pk)
    assert group.counter < change.counter < skill.counter
    before = Change.objects.count()
    call_command("sync", "rebuild-log")  # a second run finds nothing left
    assert Change.objects.count() == before
    assert Change.objects.filter(record_id=loaded.pk).count() == 1
