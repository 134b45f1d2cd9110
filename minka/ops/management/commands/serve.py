"""`minka serve`: bring the database up to date, then run the production web server.

Gunicorn serves minka.wsgi:application with a few worker processes forked from one
preloaded application (see minka/wsgi.py); WhiteNoise (in the middleware) serves the CSS,
icons and fonts straight from the package, so a site needs no other web server. `--dev`
runs Django's development server instead.
"""

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_WORKERS = 2
# A worker serves this many requests, then gunicorn replaces it with a fresh fork of the
# preloaded master. A worker's private memory grows with what it serves: every page
# copies the master's memory pages it touches (Python writes reference counts into each
# object it uses), and a PDF or a long list leaves its heap larger. A fresh fork starts
# again from the shared copy. Measured on the demo (bench/run.py --scale demo --only
# server: 2 workers, ~3,100 requests, then the main pages again; 4 runs each, alternating):
# 156-166 MiB PSS in all against 167-171 without a limit, pages per second unchanged
# within the machine's noise. The statements a worker kept (minka/portal/kept.py) are
# drawn again by its successor.
DEFAULT_MAX_REQUESTS = 500


def _host(bind: str) -> str:
    if bind.startswith("unix:"):
        return ""
    host, _sep, _port = bind.rpartition(":")
    return host.strip("[]") or bind


class Command(BaseCommand):
    help = (
        "Aplica las migraciones que falten y arranca el servidor (gunicorn). "
        "Dirección: --bind o MINKA_BIND (por omisión 127.0.0.1:8000)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("MINKA_BIND") or DEFAULT_BIND,
            help="Dirección:puerto donde escuchar (o MINKA_BIND). Por omisión %(default)s.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("MINKA_WORKERS") or DEFAULT_WORKERS),
            help="Procesos de gunicorn (o MINKA_WORKERS). Por omisión %(default)s.",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=int(os.environ.get("MINKA_MAX_REQUESTS") or DEFAULT_MAX_REQUESTS),
            help=(
                "Peticiones que atiende un proceso antes de ser reemplazado por uno nuevo "
                "(o MINKA_MAX_REQUESTS; 0: nunca). Por omisión %(default)s."
            ),
        )
        parser.add_argument(
            "--dev",
            action="store_true",
            help="Usar el servidor de desarrollo de Django en lugar de gunicorn.",
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="No aplicar migraciones al arrancar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bind: str = options["bind"]
        if options["workers"] < 1:
            raise CommandError("--workers debe ser 1 o más.")
        if options["max_requests"] < 0:
            raise CommandError("--max-requests debe ser 0 (nunca) o más.")
        if not options["no_migrate"]:
            self._migrate()
        host = _host(bind)
        allowed = settings.ALLOWED_HOSTS
        if host and host not in {"0.0.0.0", "::"} and host not in allowed and "*" not in allowed:
            self.stderr.write(
                f"Aviso: {host} no está en MINKA_ALLOWED_HOSTS ({','.join(allowed)}); "
                "Django responderá 400 a esa dirección."
            )
        if host in {"0.0.0.0", "::"}:
            self.stdout.write(
                "Escucha en todas las interfaces: los equipos de la red abren la página con "
                "la IP de esta máquina (agréguela a MINKA_ALLOWED_HOSTS)."
            )
        url = f"http://{bind}/" if host else bind
        self.stdout.write(self.style.SUCCESS(f"Minka en {url}  (Ctrl+C para detener)"))
        self.stdout.write(f"Datos en {settings.DATA_DIR}")
        self.stdout.flush()
        if options["dev"]:
            call_command("runserver", bind, use_reloader=False)
            return
        self._exec_gunicorn(bind, options["workers"], options["max_requests"])

    def _migrate(self) -> None:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stdout.write(f"Aplicando {len(plan)} migraciones …")
            call_command("migrate", interactive=False, verbosity=1)
        else:
            self.stdout.write("Base de datos al día.")

    def _exec_gunicorn(self, bind: str, workers: int, max_requests: int) -> None:
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = "minka.settings"
        # The workers must find the same data whatever directory they start in.
        env["MINKA_DATA_DIR"] = str(settings.DATA_DIR)
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "minka.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--no-control-socket",  # gunicorn's default socket is one per user, not per site
            # Load the application once, in the master, and fork the workers from it: they
            # share its memory (minka/wsgi.py loads and freezes what they all need).
            "--preload",
            # Replace each worker after so many requests (see DEFAULT_MAX_REQUESTS), the
            # workers each at a slightly different count so that they never restart together.
            "--max-requests",
            str(max_requests),
            "--max-requests-jitter",
            str(max_requests // 10),
        ]
        connections.close_all()
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, args, env)
