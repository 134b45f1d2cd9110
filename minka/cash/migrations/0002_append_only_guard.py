"""The database refuses to change or delete a line of the cash book: a mistake is
corrected by an opposite line. See minka/lib/appendonly.py."""

from django.db import migrations

from minka.lib.appendonly import Guard, install, remove

GUARDS = [Guard("cash_cashentry", why="append-only: record an opposite line")]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    install(schema_editor, GUARDS)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    remove(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [("cash", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
