"""A sale's cancellation is final: the database refuses to change or delete one."""

from django.db import migrations

from minka.lib.appendonly import Guard, guard_tables

GUARDS = [Guard("sales_salevoid", why="append-only: a cancellation is not undone")]


class Migration(migrations.Migration):
    dependencies = [("sales", "0003_store_payment")]

    operations = [guard_tables(*GUARDS)]
