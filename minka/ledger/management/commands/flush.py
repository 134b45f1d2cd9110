"""Django's `flush` (empty every table), able to empty Minka's append-only tables.

The database refuses DELETE and TRUNCATE on append-only tables (minka/lib/appendonly.py),
and Django's flush is exactly that: DELETE on SQLite, TRUNCATE on PostgreSQL. The test
runner calls flush after every transactional test (pytest-django's transactional_db,
live_server and browser tests), and an operator may wipe a test server with it. So this
flush lifts the guard triggers, empties the tables and puts the triggers back, all in
one transaction: if anything fails, the triggers are still there. Asking for
confirmation comes first, so no table stays locked while a person decides.
"""

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections, transaction

from minka.lib import appendonly


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if options["interactive"]:
            confirm = input(
                f'Esto BORRA TODOS LOS DATOS de la base "{connection.settings_dict["NAME"]}", '
                "también las cuentas de las socias.\nEscriba 'yes' para seguir: "
            )
            if confirm != "yes":
                self.stdout.write("Flush cancelled.")
                return
        with transaction.atomic(using=database):
            saved = appendonly.lift(connection)
            super().handle(**{**options, "interactive": False})
            appendonly.restore(connection, saved)
