"""The member statement for histories of different lengths: its time should stay flat.

Used by bench/run.py once Django is set up: in the measured group, one member per size
(named "Historia <n>", made once and kept with the database) gets n ledger entries
through the ledger's services (earnings, and a payout after every tenth), spread over
the three years before today; then her statement is requested through Django's whole request
handling in this process, logged in as the coordinator, and p50/p95 reported: as most
visits find it (its body kept from the visit before, minka/portal/kept.py), and drawn
anew (the kept bodies dropped before each request, as after a write).
"""

import statistics
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minka.ledger.services import earning_add, payout_make
from minka.members.models import Group, Member


def member_with_history(group: Group, user: User, entries: int) -> Member:
    name = f"Historia {entries}"
    member = Member.objects.filter(group=group, first_name=name).first()
    if member is not None:
        return member
    today = timezone.localdate()
    number = (Member.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
    with transaction.atomic():
        member = Member.objects.create(
            group=group,
            number=number,
            first_name=name,
            last_name="Bench",
            joined_on=today - timedelta(days=entries + 1),
        )
        written = 0
        while written < entries:
            on = today - timedelta(days=(entries - written) * 1095 // entries)  # three years
            earning_add(
                member=member,
                quantity=2,
                unit_amount=Decimal("45.00"),
                description=f"Chompa talla M, entrega {written + 1}",
                entry_date=on,
            )
            written += 1
            if written % 10 == 0 and written < entries:
                payout_make(
                    member=member, amount=Decimal("450.00"), paid_on=on, method="cash", by=user
                )
                written += 1
    return member


def bench_history(group: Group, user: User, sizes: list[int], runs: int) -> dict[str, Any]:
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    client = Client()
    client.force_login(user)
    out: dict[str, Any] = {}
    for size in sizes:
        started = time.perf_counter()
        member = member_with_history(group, user, size)
        made_s = time.perf_counter() - started
        path = reverse("member_statement", args=[group.id, member.id])
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        times = timed(client, path, runs)
        with CaptureQueriesContext(connection) as ctx:
            plain = client.get(path)
        queries = len(ctx.captured_queries)  # now: the next request empties the log
        drawn = timed(client, path, runs, drop_kept=True)
        caches["statements"].clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        drawn_queries = len(ctx.captured_queries)
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        out[str(size)] = {
            "entries": member.ledger_entries.count(),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": percentile_95(times),
            "queries": queries,
            "drawn_p50_ms": round(statistics.median(drawn), 1),
            "drawn_p95_ms": percentile_95(drawn),
            "drawn_queries": drawn_queries,
            "html_bytes": len(plain.content),
            "gzip_bytes": len(response.content),
            "made_in_s": round(made_s, 1),
        }
    return out


def timed(client: Client, path: str, runs: int, *, drop_kept: bool = False) -> list[float]:
    """Milliseconds of each of `runs` requests (with the kept bodies dropped before each)."""
    times = []
    for _ in range(runs):
        if drop_kept:
            caches["statements"].clear()
        start = time.perf_counter()
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return times


def percentile_95(times: list[float]) -> float:
    times = sorted(times)
    return round(times[min(len(times) - 1, round(len(times) * 0.95) - 1)], 1)
