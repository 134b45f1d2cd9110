"""A sale's cancellation is final: the database refuses to change or delete one."""

from django.db import migrations

from minka.lib.appendonly import Guard, install, remove

GUARDS = [Guard("sales_salevoid", why="append-only: a cancellation is not undone")]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    install(schema_editor, GUARDS)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    remove(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [("sales", "0003_store_payment")]

    operations = [migrations.RunPython(forwards, backwards)]
