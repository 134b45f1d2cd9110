"""The database refuses to change or delete a line of the access log.

Who saw whose data is evidence (a breach report reads it); like the ledger it is written
once. See minka/lib/appendonly.py.
"""

from django.db import migrations

from minka.lib.appendonly import Guard, install, remove

GUARDS = [Guard("members_accesslogentry", why="append-only: the access log is evidence")]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    install(schema_editor, GUARDS)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    remove(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_accesslogentry")]

    operations = [migrations.RunPython(forwards, backwards)]
