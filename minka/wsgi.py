"""The WSGI application that `minka serve` (gunicorn) runs.

`minka serve` starts gunicorn with --preload: this module is imported once, in the master
process, before it forks the workers. So that the workers share as much memory as they
can with the master (a site server runs on an old laptop), it loads here what every
worker would otherwise load on its first requests (URLs, templates, translations, the
PDF fonts, number and date formats, the database's SQL compiler), serves the login page
once to load the rest (sessions, messages, context processors: a worker loading them
itself would copy some 3 MB of the master's memory), then freezes Python's garbage
collector on all of it: a collection in a worker then never touches those objects, and
the pages holding them stay shared instead of being copied into each worker. The
database connection that page opens is closed again before the fork (a connection must
never cross a fork).
"""

import gc
import os
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from importlib import import_module
    from pathlib import Path

    from django.conf import settings
    from django.db import connections
    from django.template import engines
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import formats, translation

    from minka.lib.pdf import warm_fonts

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("home")  # imports every view and builds the URL map, per language
            formats.get_format("DATE_FORMAT")  # imports the language's format module
    for connection in connections.all(initialized_only=False):
        import_module(connection.ops.compiler_module)  # imported on the first query
    for engine in engines.all():
        for directory in map(Path, engine.template_dirs):
            if settings.BASE_DIR in directory.parents:  # Minka's own, not the admin's
                for path in directory.rglob("*.html"):
                    get_template(path.relative_to(directory).as_posix())
    warm_fonts()
    _serve_login_page()
    connections.close_all()


def _serve_login_page() -> None:
    """GET /accounts/login/ through the whole stack, as a browser would; nothing is kept."""
    from io import BytesIO

    from django.conf import settings

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/accounts/login/",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "https",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
    }
    if settings.SECURE_PROXY_SSL_HEADER:  # behind Caddy or nginx: as they would say it
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    response = application(environ, _ignore_start)
    try:
        for _chunk in response:
            pass
    finally:
        response.close()


def _ignore_start(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Any:
    return len  # the write() of WSGI, never called by Django


_warm_up()
gc.collect()
gc.freeze()
