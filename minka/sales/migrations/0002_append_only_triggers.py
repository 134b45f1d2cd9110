"""The database refuses to change or delete stock moves and fund entries.

Both are logs whose sums are the truth (what a place holds; what the group fund has),
and the models already refuse save-after-create and delete (AppendOnly): a sale voided
or an expense undone is a new, opposite row. See minka/lib/appendonly.py.
"""

from django.db import migrations

from minka.lib.appendonly import Guard, install, remove

GUARDS = [
    Guard("sales_stockmove", why="append-only: record an opposite move"),
    Guard("sales_fundentry", why="append-only: record a reversing entry"),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    install(schema_editor, GUARDS)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    remove(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
