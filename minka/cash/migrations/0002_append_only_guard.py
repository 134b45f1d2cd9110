"""The database refuses to change or delete a line of the cash book: a mistake is
corrected by an opposite line. See minka/lib/appendonly.py."""

from django.db import migrations

from minka.lib.appendonly import Guard, guard_tables

GUARDS = [Guard("cash_cashentry", why="append-only: record an opposite line")]


class Migration(migrations.Migration):
    dependencies = [("cash", "0001_initial")]

    operations = [guard_tables(*GUARDS)]
