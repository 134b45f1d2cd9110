"""The database refuses to change or delete a recorded consent or a referral: a change
of mind is a new consent, and a referral is a fact that was. See minka/lib/appendonly.py.
"""

from django.db import migrations

from minka.lib.appendonly import Guard, install, remove

GUARDS = [
    Guard("privacy_consent", why="append-only: record her new decision"),
    Guard("privacy_referral", why="append-only: a referral is never edited"),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    install(schema_editor, GUARDS)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django calls it with the app registry and schema editor
    remove(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_national_helpline")]

    operations = [migrations.RunPython(forwards, backwards)]
