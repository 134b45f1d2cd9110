"""The database refuses to change or delete a recorded consent or a referral: a change
of mind is a new consent, and a referral is a fact that was. See minka/lib/appendonly.py.
"""

from django.db import migrations

from minka.lib.appendonly import Guard, guard_tables

GUARDS = [
    Guard("privacy_consent", why="append-only: record her new decision"),
    Guard("privacy_referral", why="append-only: a referral is never edited"),
]


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_national_helpline")]

    operations = [guard_tables(*GUARDS)]
