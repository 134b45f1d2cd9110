"""Two real servers: central (PostgreSQL) and a site (SQLite), each its own `minka serve`
process on 127.0.0.1, syncing over HTTP both ways, then by a file carried between them.

PostgreSQL must be reachable at MINKA_SYNC_PG_URL (default postgres://postgres@127.0.0.1:5432);
in CI (CI=true) a missing PostgreSQL fails the test instead of skipping it.
"""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.sync_e2e

PG = os.environ.get("MINKA_SYNC_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
# Overridable so that several checkouts on one machine do not share a database or ports.
DB = os.environ.get("MINKA_SYNC_TEST_DB", "minka_sync_central_test")
_first, _last = os.environ.get("MINKA_SYNC_TEST_PORTS", "8510-8598").split("-")
PORTS = range(int(_first), int(_last) + 1)

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


@pytest.fixture
def central_db() -> Iterator[str]:
    try:
        conn = _pg("postgres")
    except Exception as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"PostgreSQL is not reachable at {PG} in CI: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {PG}")
    with conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    yield f"{PG}/{DB}"
    with _pg("postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class Server:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name, self.env = name, env
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""

    def minka(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "minka.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{self.name}: minka {' '.join(args)}\n{done.stdout}{done.stderr}")
        return done

    def shell(self, code: str) -> str:
        return self.minka("shell", "-c", code).stdout

    def counts(self) -> dict[str, int]:
        out = self.shell(COUNT)
        return dict(json.loads(out[out.index("COUNTS") + 6 :].strip()))

    def serve(self, log: Path) -> None:
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
                "2",
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


def test_a_site_and_central_sync_by_http_and_by_file(central_db: str, tmp_path: Path) -> None:
    central = Server(
        "central",
        {
            **base_env(tmp_path),
            "MINKA_ROLE": "central",
            "MINKA_SITE_CODE": "C1",
            "MINKA_DATABASE_URL": central_db,
            "MINKA_DATA_DIR": str(tmp_path / "central"),
        },
    )
    site = Server(
        "site",
        {**base_env(tmp_path), "MINKA_SITE_CODE": "S1", "MINKA_DATA_DIR": str(tmp_path / "site")},
    )
    try:
        central.minka("migrate", "-v0")
        central.shell(
            "from django.contrib.auth.models import User\n"
            "from minka.members.models import Organisation, OrganisationStaff, Technique\n"
            "o = Organisation.objects.create(name='Red de Artesanas del Altiplano')\n"
            "u = User.objects.create_user('elena', password='minka-demo', first_name='Elena')\n"
            "OrganisationStaff.objects.create(user=u, organisation=o)\n"
            "Technique.objects.create(name='Tejido a palitos')\n"
        )
        secret = central.minka("sync", "register-site", "S1", "--groups", "CAM,JUL").stdout
        secret = secret.strip().splitlines()[-1]
        site.minka("migrate", "-v0")
        site.minka("demo")
        site.shell(
            "from minka.members.models import Member\n"
            "m = Member.objects.get(group__code='CAM', number=5); m.phone = '987654321'; m.save()"
        )
        central.serve(tmp_path / "central.log")
        site.serve(tmp_path / "site.log")

        # Enrol, then the first (whole) sync by the command the timer runs.
        site.minka("sync", "enrol", central.url, secret)
        assert "Sincronizado" in site.minka("sync").stdout
        mine, theirs = site.counts(), central.counts()
        sensitive = mine["learning.Attendance"] - theirs["learning.Attendance"]
        assert sensitive > 0  # the private training's attendance stayed on the site
        assert {k: v for k, v in theirs.items() if k != "learning.Attendance"} == {
            k: v for k, v in mine.items() if k != "learning.Attendance"
        }
        assert theirs["ledger.LedgerEntry"] > 100 and theirs["members.Member"] == 69
        # A member who never agreed to share her data arrives with a pseudonym, no phone.
        private = site.shell(
            "from minka.members.models import Member\n"
            "m = Member.objects.get(group__code='CAM', number=5)\n"
            "print('PRIVATE', m.id, m.first_name, m.phone, sep='|')"
        )
        member_id, first_name, phone = private.split("PRIVATE|")[-1].strip().split("|")
        copy = central.shell(
            "from minka.members.models import Member\n"
            f"m = Member.objects.get(id='{member_id}')\n"
            "print('COPY', m.first_name, m.last_name, repr(m.phone))"
        )
        assert "COPY Socia " in copy and "''" in copy, copy
        assert first_name not in copy and phone not in copy

        # Staff on central sees the group read-only, and an edit there is refused.
        elena = Browser(central.url, "elena")
        cam = (
            central.shell(
                "from minka.members.models import Group; print(Group.objects.get(code='CAM').id)"
            )
            .strip()
            .splitlines()[-1]
        )
        assert "Sincronización" in elena.get("/sync/")
        assert "Socias" in elena.get(f"/g/{cam}/members/")
        elena.get(f"/g/{cam}/impact/")

        # Central takes an order for the group; the site gets it and moves it on.
        central.shell(
            "from datetime import date\nfrom decimal import Decimal\n"
            "from django.contrib.auth.models import User\n"
            "from minka.members.models import Group\nfrom minka.production.models import Buyer\n"
            "from minka.production.services import order_create\n"
            "g = Group.objects.get(code='CAM')\n"
            "order_create(group=g, buyer=Buyer.objects.filter(group=g).first(), currency='PEN',"
            " exchange_rate=Decimal(1), deadline=date(2030, 1, 1),"
            " by=User.objects.get(username='elena'), notes='de la red')\n"
        )
        # The coordinator presses "Sincronizar ahora" on the site's page.
        rosa = Browser(site.url, "coordinadora")
        page = rosa.post("/sync/now/", {})
        assert "Sincronizado" in page and "1 recibidos" in page, page[-3000:]
        site.shell(
            "from minka.production.models import Order\n"
            "o = Order.objects.get(notes='de la red'); assert o.number.startswith('C1-CAM-P')\n"
            "o.status = 'confirmed'; o.save()\n"
        )
        site.minka("sync")
        status = central.shell(
            "from minka.production.models import Order\n"
            "print(Order.objects.get(notes='de la red').status)"
        )
        assert status.strip().endswith("confirmed")
        refused = central.shell(
            "from minka.production.models import Order\n"
            "o = Order.objects.get(notes='de la red'); o.notes = 'cambio'\n"
            "try:\n    o.save()\nexcept Exception as e:\n    print('REFUSED', e)\n"
        )
        assert "REFUSED" in refused and "S1" in refused

        # Then by file: the site writes one, central reads it and answers.
        usb = tmp_path / "usb"
        usb.mkdir()
        # Her community travels because she agreed to share her data with the organisation
        # (recorded first); without that, central gets "Socia 0001" and no phone.
        site.shell(
            "from datetime import date\nfrom django.contrib.auth.models import User\n"
            "from minka.members.models import Member\n"
            "from minka.privacy.services import consent_record\n"
            "m = Member.objects.filter(group__code='JUL').first()\n"
            "consent_record(member=m, purpose='share', given=True, method='signed',"
            " decided_on=date.today(), by=User.objects.get(username='juli'))\n"
            "m.community = 'Chucuito'\nm.save()\n"
        )
        written = site.minka("sync", "export", str(usb)).stdout
        name = re.search(r"minka-S1-C1-\d+\.mks", written)
        assert name, written
        assert "Aplicados 3" in central.minka("sync", "import", str(usb / name.group(0))).stdout
        again = central.minka("sync", "import", str(usb / name.group(0)), check=False)
        assert again.returncode != 0 and "ya fue leído" in again.stderr
        answer = sorted(usb.glob("minka-C1-S1-*.mks"))[-1]
        site.minka("sync", "import", str(answer))
        assert site.minka("sync", "import", str(answer), check=False).returncode != 0
        chucuito = central.shell(
            "from minka.members.models import Member\n"
            "print(Member.objects.filter(community='Chucuito').count())"
        )
        assert chucuito.strip().endswith("1")
        plus_one = ["production.Order", "privacy.Consent", "members.AccessLogEntry"]
        assert central.counts() == theirs | {k: theirs[k] + 1 for k in plus_one}
        assert "S1" in elena.get("/sync/")
    finally:
        central.stop()
        site.stop()
