"""The application `minka serve` preloads: ready for its workers, and nothing open to share."""

import subprocess
import sys

CHECK = """
import gc
import sys
import minka.wsgi
from django.db import connections
from django.template import engines
from minka.lib.pdf_fonts import font_program, small_font
loader = engines["django"].engine.template_loaders[0]
print(gc.get_freeze_count() > 10000, connections["default"].connection is None,
      "ledger/balances.html" in str(list(loader.get_template_cache)),
      small_font.cache_info().currsize, font_program.cache_info().currsize,
      "django.contrib.messages.storage.fallback" in sys.modules)
"""


def test_the_preloaded_application_is_warm_frozen_and_holds_no_connection(tmp_path):
    env = {"MINKA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    # As `minka serve` does before it loads the application: every request reads the
    # translations' version, so the login page needs the tables.
    migrate = [sys.executable, "-c", "from minka.cli import main; main()", "migrate", "-v0"]
    subprocess.run(migrate, env=env, check=True, timeout=300)
    result = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, no_connection, templates_compiled, fonts_read, programs, served = result.stdout.split()
    assert frozen == "True"  # the collector will leave the shared objects alone
    assert no_connection == "True"  # a database connection must never cross a fork
    assert templates_compiled == "True"
    assert fonts_read == "2"
    assert programs == "2"  # the fonts embedded in each PDF are put together from these
    assert served == "True"  # the login page was served once: what a request loads is loaded
