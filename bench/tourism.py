#!/usr/bin/env python
"""Community tourism figures: the demo's season of visits and the public pages.

Loads the demo into a fresh database (SQLite in a temporary folder, or the empty
PostgreSQL database named by MINKA_DATABASE_URL) and times `minka demo`, and within it the
season of 200 visits in Camacani (the demo builder's step that calls
minka.tourism.demodata.tourism_demo: wall and CPU time, queries), so the season's share of
the demo is measured, not guessed. Then requests the public visits page and each public
experience page through Django's whole request handling (no socket): bytes (as sent, and
gzipped), queries, p50/p95 server time.

    .venv/bin/python bench/tourism.py [--runs 30]
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MINKA_DATA_DIR", tempfile.mkdtemp(prefix="minka-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from minka.demo.stories import DemoBuilder  # noqa: E402
from minka.members.models import Group  # noqa: E402
from minka.tourism.models import Booking, Experience  # noqa: E402

SEASON: dict[str, float] = {}


def _timed_season(step):  # type: ignore[no-untyped-def]  # wraps the builder's method
    """The demo builder's season step, timed where it runs (no change to what it does)."""

    def run(self, group):  # type: ignore[no-untyped-def]  # the builder's own signature
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            step(self, group)
        SEASON.update(
            wall=time.perf_counter() - wall, cpu=time.process_time() - cpu, queries=len(queries)
        )

    return run


def timed(label: str, call):  # type: ignore[no-untyped-def]  # test helper: the client and its response are Django's untyped test objects
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    print(
        f"{label}: wall {time.perf_counter() - wall:.3f} s, cpu {time.process_time() - cpu:.3f} s"
    )
    return result


def page(client: Client, label: str, path: str, runs: int) -> None:
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    body = response.content
    times.sort()
    print(
        f"{label}: {len(body)} bytes ({len(gzip.compress(body))} gzipped), "
        f"{len(queries)} queries, p50 {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    DemoBuilder._camacani_tourism = _timed_season(DemoBuilder._camacani_tourism)  # type: ignore[method-assign]  # timing only
    print(f"load average before the demo: {os.getloadavg()[0]:.1f}")
    timed("minka demo", lambda: call_command("demo", stdout=open(os.devnull, "w")))  # noqa: SIM115
    print(
        f"  of which the season of visits: wall {SEASON['wall']:.3f} s, "
        f"cpu {SEASON['cpu']:.3f} s, {SEASON['queries']:.0f} queries"
    )
    group = Group.objects.get(code="CAM")
    print(f"bookings in the database: {Booking.objects.filter(group=group).count()}")
    client = Client(SERVER_NAME="127.0.0.1")
    print(f"load average before the pages: {os.getloadavg()[0]:.1f}")
    page(client, "public visits page", reverse("visits_public", args=[group.id]), args.runs)
    for experience in Experience.objects.filter(group=group):
        path = reverse("experience_public", args=[group.id, experience.id])
        page(client, f"public experience page ({experience.kind})", path, args.runs)


if __name__ == "__main__":
    main()
