"""Changing one's password, and the headers every page carries."""

import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

from minka.conftest import PASSWORD, World
from minka.lib.logging import ShortForbidden
from minka.lib.spreadsheet import SafeCsvWriter, safe_cell


def test_teresa_changes_her_password(world: World) -> None:
    client = world.client_for(world.teresa)
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "no-es", "new_password1": "otra-clave-larga", "new_password2": "x"},
    )
    assert wrong.status_code == 200
    world.teresa.refresh_from_db()
    assert world.teresa.check_password(PASSWORD), "a refused form changes nothing"
    done = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "otra-clave-larga",
            "new_password2": "otra-clave-larga",
        },
    )
    assert done.status_code == 302 and done["Location"].endswith("/accounts/password/done/")
    world.teresa.refresh_from_db()
    assert world.teresa.check_password("otra-clave-larga")


def test_anonymous_cannot_reach_the_password_page(world: World) -> None:
    response = Client().get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_carry_a_policy_without_inline_script(world: World) -> None:
    response = Client().get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_logged_in_page_is_not_kept_in_the_browser_cache(world: World) -> None:
    response = world.client_for(world.rosa).get(f"/g/{world.camacani.id}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_no_template_runs_inline_script() -> None:
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        for marker in ("<script>", " onclick=", " onchange=", " onsubmit=", "javascript:"):
            if marker in text:
                offenders.append(f"{template.relative_to(root)}: {marker.strip()}")
    assert offenders == []


def test_a_refused_page_logs_one_line_not_a_traceback() -> None:
    try:
        raise PermissionError("no")
    except PermissionError:
        record = logging.LogRecord("django.request", 30, "x", 1, "Forbidden", (), sys.exc_info())
    record.status_code = 403
    assert ShortForbidden().filter(record) and record.exc_info is None
    handlers = [h for h in logging.getLogger().handlers if h.filters]
    assert any(isinstance(f, ShortForbidden) for h in handlers for f in h.filters)


def test_spreadsheet_cells_cannot_run_formulas() -> None:
    assert safe_cell("=2+3") == "'=2+3"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+51 999") == "'+51 999"
    assert safe_cell("-12.50") == "-12.50", "a negative amount stays a number"
    assert safe_cell(7) == 7 and safe_cell("Chompa") == "Chompa"

    class Out:
        text = ""

        def write(self, s: str) -> None:
            self.text += s

    out = Out()
    SafeCsvWriter(out).writerow(['=HYPERLINK("x")', "ok"])
    assert out.text.startswith("\"'=HYPERLINK")


def test_a_production_configuration_passes_the_deploy_check(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "MINKA_DEV": "false",
        "MINKA_DEBUG": "false",
        "MINKA_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "9" * 20,
        "MINKA_HTTPS": "true",
        "MINKA_BEHIND_PROXY": "true",
        "MINKA_HSTS_PRELOAD": "true",
        "MINKA_ALLOWED_HOSTS": "minka.example.org",
        "MINKA_DATA_DIR": str(tmp_path),
    }
    env.pop("MINKA_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "minka.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
