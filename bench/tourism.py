#!/usr/bin/env python
"""Community tourism figures: the demo's season of visits and the public pages.

Loads the demo into a fresh database (SQLite in a temporary folder, or the empty
PostgreSQL database named by MINKA_DATABASE_URL), times `minka demo`, then times a season
of 200 visits added to Camacani (minka.tourism.demodata.tourism_demo) and requests the
public visits page and each public experience page through Django's whole request
handling (no socket): bytes (as sent, and gzipped), queries, p50/p95 server time.

    .venv/bin/python bench/tourism.py [--runs 30]
"""

import argparse
import gzip
import os
import random
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
from django.utils import timezone  # noqa: E402

from minka.members.models import Group  # noqa: E402
from minka.tourism.demodata import tourism_demo  # noqa: E402
from minka.tourism.models import Booking, Experience  # noqa: E402


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
    timed("minka demo", lambda: call_command("demo", stdout=open(os.devnull, "w")))  # noqa: SIM115
    group = Group.objects.get(code="CAM")
    members = list(group.members.all())
    visits = timed(
        "season of visits (tourism_demo)",
        lambda: tourism_demo(
            group=group, members=members, rng=random.Random(2026), today=timezone.localdate()
        ),
    )
    print(f"visits booked: {visits}; bookings in the database: {Booking.objects.count()}")
    client = Client(SERVER_NAME="127.0.0.1")
    print(f"load average before the pages: {os.getloadavg()[0]:.1f}")
    page(client, "public visits page", reverse("visits_public", args=[group.id]), args.runs)
    for experience in Experience.objects.filter(group=group):
        path = reverse("experience_public", args=[group.id, experience.id])
        page(client, f"public experience page ({experience.kind})", path, args.runs)


if __name__ == "__main__":
    main()
