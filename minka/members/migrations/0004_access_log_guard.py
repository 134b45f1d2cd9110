"""The database refuses to change or delete a line of the access log.

Who saw whose data is evidence (a breach report reads it); like the ledger it is written
once. See minka/lib/appendonly.py.
"""

from django.db import migrations

from minka.lib.appendonly import Guard, guard_tables

GUARDS = [Guard("members_accesslogentry", why="append-only: the access log is evidence")]


class Migration(migrations.Migration):
    dependencies = [("members", "0003_accesslogentry")]

    operations = [guard_tables(*GUARDS)]
