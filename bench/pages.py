#!/usr/bin/env python
"""Server time of Minka's main pages at demo scale.

Loads the demo into a fresh database (SQLite in a temporary folder, or the empty
PostgreSQL database named by MINKA_DATABASE_URL), then requests each page many times
through Django's full request handling in this process (middleware, sessions, views,
templates, queries: everything but the socket) and reports p50/p95 and the query count.

    .venv/bin/python bench/pages.py [--runs 50] [--json bench/results/pages.json]
"""

import argparse
import io
import json
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from minka.members.models import Group, Member  # noqa: E402
from minka.production.models import Order, OrderLine  # noqa: E402


def measure(client: Client, path: str, runs: int) -> dict[str, float]:
    for _ in range(3):  # warm caches and connections
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "max_ms": round(times[-1], 2),
        "queries": len(ctx.captured_queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", verbosity=0, stdout=io.StringIO())
    load_s = time.perf_counter() - started

    group = Group.objects.get(code="CAM")
    order = Order.objects.filter(group=group).annotate(n=Count("lines")).order_by("-n").first()
    line = OrderLine.objects.filter(order=order).first()
    member = (
        Member.objects.filter(group=group).annotate(n=Count("ledger_entries")).order_by("-n")
    ).first()
    assert order and line and member, "the demo has no order or member"
    g = group.id
    coordinator, treasurer = Client(), Client()
    coordinator.force_login(_user("coordinadora"))
    treasurer.force_login(_user("tesorera"))
    pages = {
        "group dashboard": (coordinator, reverse("dashboard", args=[g])),
        "order list": (coordinator, reverse("order_list", args=[g])),
        "order page": (coordinator, reverse("order_detail", args=[g, order.id])),
        "allocation proposal": (coordinator, reverse("line_allocate", args=[g, line.id])),
        "member list": (coordinator, reverse("member_list", args=[g])),
        "member statement": (coordinator, reverse("member_statement", args=[g, member.id])),
        "balances": (treasurer, reverse("balances", args=[g])),
        "impact page": (coordinator, reverse("impact", args=[g])),
    }
    results = {name: measure(client, path, args.runs) for name, (client, path) in pages.items()}
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"demo loaded in {load_s:.1f} s on {engine}; {args.runs} requests a page\n")
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for name, r in results.items():
        print(f"{name:<22}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}{r['queries']:>9}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "database": engine,
                    "runs": args.runs,
                    "demo_load_s": round(load_s, 2),
                    "pages": results,
                },
                indent=2,
            )
        )


def _user(username: str):  # type: ignore[no-untyped-def]  # returns a User imported after django.setup()
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


if __name__ == "__main__":
    main()
