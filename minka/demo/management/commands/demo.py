"""`minka demo`: load the demonstration groups (see minka/demo/)."""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from minka.demo import loader as demo
from minka.demo.specs import logins_text


class Command(BaseCommand):
    help = (
        "Carga la demostración: la Red de Artesanas del Altiplano con los grupos Camacani "
        "(50 socias) y Juli (19), pedidos, entregas y pagos. Solo en una base vacía."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="Si la demostración ya está cargada, no hacer nada (y salir sin error).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("La base de datos no está al día. Ejecute primero: minka migrate")
        if options["skip_if_loaded"] and demo.demo_is_loaded():
            self.stdout.write("La demostración ya está cargada.")
            self._logins()
            return
        refusal = demo.demo_refusal()
        if refusal:
            raise CommandError(
                f"{refusal}\nPara ver la demostración use una carpeta de datos nueva, por "
                "ejemplo:\n  MINKA_DATA_DIR=/tmp/minka-demo minka migrate\n"
                "  MINKA_DATA_DIR=/tmp/minka-demo minka demo\n"
                "o vacíe esta base con `minka flush` (borra todos sus datos)."
            )
        self.stdout.write(f"Cargando la demostración en {_where()} …")
        try:
            result = demo.build_demo(say=lambda line: self.stdout.write(f"  · {line}"))
        except demo.DemoRefused as exc:  # someone wrote in between
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demostración cargada en {result.seconds:.1f} s."))
        self._logins()

    def _logins(self) -> None:
        self.stdout.write("Usuarias de la demostración:")
        self.stdout.write(logins_text())


def _where() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings["NAME"])
        # normpath keeps a leading "//", which sqlite:////path URLs give.
        return "/" + os.path.normpath(name).lstrip("/") if name.startswith("/") else name
    return f"{connection.vendor} {settings.get('HOST') or 'local'}/{settings['NAME']}"
