"""The WSGI application that `minka serve` (gunicorn) runs.

`minka serve` starts gunicorn with --preload: this module is imported once, in the master
process, before it forks the workers. So that the workers share as much memory as they
can with the master (a site server runs on an old laptop), it loads here what every
worker would otherwise load on its first requests (URLs, templates, translations, the
PDF fonts), then freezes Python's garbage collector on all of it: a collection in a
worker then never touches those objects, and the pages holding them stay shared instead
of being copied into each worker. No database connection is opened here (a connection
must never cross a fork).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from pathlib import Path

    from django.conf import settings
    from django.template import engines
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    from minka.lib.pdf import warm_fonts

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("home")  # imports every view and builds the URL map, per language
    for engine in engines.all():
        for directory in map(Path, engine.template_dirs):
            if settings.BASE_DIR in directory.parents:  # Minka's own, not the admin's
                for path in directory.rglob("*.html"):
                    get_template(path.relative_to(directory).as_posix())
    warm_fonts()


_warm_up()
gc.collect()
gc.freeze()
