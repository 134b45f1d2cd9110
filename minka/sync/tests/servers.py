"""Real Minka servers for the sync tests: a central on PostgreSQL and a site on SQLite,
each its own process, driven by the `minka` command as an operator would.

PostgreSQL must be reachable at MINKA_SYNC_PG_URL (default postgres://postgres@127.0.0.1:5432);
in CI (CI=true) a missing PostgreSQL fails the test instead of skipping it. The ports come
from MINKA_SYNC_TEST_PORTS (default 8510-8598) and the databases are named after
MINKA_SYNC_TEST_DB (default minka_sync_central_test), so two runs can share a machine.
"""

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

PG = os.environ.get("MINKA_SYNC_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB = os.environ.get("MINKA_SYNC_TEST_DB", "minka_sync_central_test")
_low, _high = os.environ.get("MINKA_SYNC_TEST_PORTS", "8510-8598").split("-")
PORTS = range(int(_low), int(_high) + 1)

COUNT = """
import json
from django.apps import apps
from minka.sync import registry
out = {}
for label in registry.UP:
    out[label] = apps.get_model(label)._default_manager.count()
print("COUNTS" + json.dumps(out))
"""


def _pg(dbname: str) -> Any:
    import psycopg

    url = urllib.parse.urlparse(PG)
    return psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password or None,
        dbname=dbname,
        connect_timeout=3,
        autocommit=True,
    )


@contextmanager
def fresh_pg_database(name: str) -> Iterator[str]:
    """An empty PostgreSQL database for a central server, dropped afterwards."""
    try:
        conn = _pg("postgres")
    except Exception as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"PostgreSQL is not reachable at {PG} in CI: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {PG}")
    with conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{PG}/{name}"
    finally:
        with _pg("postgres") as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class Server:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name, self.env = name, env
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""

    def minka(
        self, *args: str, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "minka.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{self.name}: minka {' '.join(args)}\n{done.stdout}{done.stderr}")
        return done

    def shell(self, code: str, timeout: float = 600) -> str:
        return self.minka("shell", "-c", code, timeout=timeout).stdout

    def shell_start(self, code: str) -> "subprocess.Popen[str]":
        """`minka shell -c CODE` in the background (wait with `finish`)."""
        return subprocess.Popen(
            [sys.executable, "-m", "minka.cli", "shell", "-c", code],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self, proc: "subprocess.Popen[str]") -> str:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise AssertionError(f"{self.name}: minka shell\n{out}{err}")
        return out

    def counts(self) -> dict[str, int]:
        out = self.shell(COUNT)
        return dict(json.loads(out[out.index("COUNTS") + 6 :].strip()))

    def serve(self, log: Path, workers: int = 2) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "minka.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--no-migrate",
            ],
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"{self.name} did not start: {log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Browser:
    """Logs in and posts forms with the CSRF token, like a person would."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.get("/accounts/login/")
        self.post("/accounts/login/", {"username": username, "password": "minka-demo"})

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=300) as r:
            return str(r.read().decode())

    def post(self, path: str, data: dict[str, str]) -> str:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=300) as r:
            return str(r.read().decode())


def base_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINKA_", "DJANGO_"))}
    env.update(MINKA_DEV="true", MINKA_SYNC_TIMEOUT="300", PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[3])
    return env


def central_and_site(tmp: Path, database_url: str) -> tuple[Server, Server]:
    """Central (code C1) on the given PostgreSQL database and a site (S1) on SQLite."""
    central = Server(
        "central",
        {
            **base_env(tmp),
            "MINKA_ROLE": "central",
            "MINKA_SITE_CODE": "C1",
            "MINKA_DATABASE_URL": database_url,
            "MINKA_DATA_DIR": str(tmp / "central"),
        },
    )
    site = Server(
        "site", {**base_env(tmp), "MINKA_SITE_CODE": "S1", "MINKA_DATA_DIR": str(tmp / "site")}
    )
    return central, site


CENTRAL_ORGANISATION = (
    "from django.contrib.auth.models import User\n"
    "from minka.members.models import Organisation, OrganisationStaff, Technique\n"
    "o = Organisation.objects.create(name='Red de Artesanas del Altiplano')\n"
    "u = User.objects.create_user('elena', password='minka-demo', first_name='Elena')\n"
    "OrganisationStaff.objects.create(user=u, organisation=o)\n"
    "Technique.objects.create(name='Tejido a palitos')\n"
)


def prepare(central: Server, site: Server) -> str:
    """Both databases made (central: the organisation; the site: the demo, run in
    parallel), and the site registered on central. Returns the enrolment secret."""
    demo = site.shell_start(
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\ncall_command('demo')\n"
    )
    central.minka("migrate", "-v0")
    central.shell(CENTRAL_ORGANISATION)
    secret = central.minka("sync", "register-site", "S1", "--groups", "CAM,JUL").stdout
    site.finish(demo)
    return secret.strip().splitlines()[-1]


# One long-lived `minka shell` that runs `minka` commands (through Django's own command
# line, exactly as `python -m minka.cli ARGS` does, exit code and messages included) and
# scripts on request, so a test that syncs dozens of times does not start Python each time.
_DRIVER = """
import contextlib, io, json, sys, traceback
from django.core.management import ManagementUtility
answer = sys.stdout
for line in sys.stdin:
    asked = json.loads(line)
    out, err, rc = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if "args" in asked:
                ManagementUtility(["minka", *asked["args"]]).execute()
            else:
                exec(asked["code"], {})
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            traceback.print_exc()
            rc = 1
    answer.write("DRIVER " + json.dumps([rc, out.getvalue(), err.getvalue()]) + "\\n")
    answer.flush()
"""


class Driver:
    """`minka` commands and scripts run by one process of a server (see _DRIVER)."""

    def __init__(self, server: Server) -> None:
        self.name = server.name
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "minka.cli", "shell", "-c", _DRIVER],
            env=server.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def _ask(self, asked: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(asked) + "\n")
        self.proc.stdin.flush()
        for _ in range(10_000):  # skip what the shell prints on starting
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"{self.name}: the driver ended")
            if line.startswith("DRIVER "):
                rc, out, err = json.loads(line[len("DRIVER ") :])
                return subprocess.CompletedProcess(["minka"], rc, out, err)
        raise AssertionError(f"{self.name}: no answer from the driver")

    def minka(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = self._ask({"args": list(args)})
        if check and done.returncode != 0:
            raise AssertionError(f"{self.name}: minka {' '.join(args)}\n{done.stdout}{done.stderr}")
        return done

    def run(self, code: str) -> str:
        done = self._ask({"code": code})
        if done.returncode != 0:
            raise AssertionError(f"{self.name}: script\n{done.stdout}{done.stderr}")
        return done.stdout

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
