"""The database refuses to change or delete stock moves and fund entries.

Both are logs whose sums are the truth (what a place holds; what the group fund has),
and the models already refuse save-after-create and delete (AppendOnly): a sale voided
or an expense undone is a new, opposite row. See minka/lib/appendonly.py.
"""

from django.db import migrations

from minka.lib.appendonly import Guard, guard_tables

GUARDS = [
    Guard("sales_stockmove", why="append-only: record an opposite move"),
    Guard("sales_fundentry", why="append-only: record a reversing entry"),
]


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [guard_tables(*GUARDS)]
