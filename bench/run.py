#!/usr/bin/env python
"""Minka's benchmark suite: pages, the impact report, deliveries, a real server.

    .venv/bin/python bench/run.py --scale site --database sqlite
    .venv/bin/python bench/run.py --scale site --database postgres
    .venv/bin/python bench/run.py --scale federation --database postgres --db-name minka_fed --keep
    .venv/bin/python bench/run.py --scale demo --only server        # site server memory, load
    .venv/bin/python bench/run.py --smoke                            # seconds; what CI runs

The real server listens on a free port of --ports (MINKA_BENCH_PORTS), default 8451-8499.

Builds the data (`minka demo`, or `minka generate SCALE`) in a fresh database (SQLite in a
temporary folder; or a PostgreSQL database created for the run and dropped after it
unless --keep; an existing database named with --db-name that already holds the data is
used as it is), then measures:

1. pages: server time p50/p95 of the main pages through Django's whole request handling
   in this process (no socket), logged in as the group's coordinator;
2. impact: `monthly_indicators` of one group against the same figures from one
   hand-written SQL query (PostgreSQL only), checked equal, and the ratio of the times;
3. history: the member statement of members with 100, 1,000 and 10,000 ledger entries
   (--history; bench/statement.py), p50/p95 and queries, as kept and drawn anew: it
   should stay flat;
4. server (bench/server.py): `minka serve` (gunicorn, preloaded, --workers as the site's
   MINKA_WORKERS): PSS and RSS of the master and workers together after the main pages
   were served, after the load, and after the main pages again (a worker replaced during
   the load has served only receipts); the member statement against the ceiling page
   (bench/ceiling.py: same stack, three small queries) under the same bounded load from
   127.0.0.1 (--load-threads client threads, a fixed number of requests, a time cap), in
   alternating rounds, the statement opened by the coordinator and by the member
   herself; the payout receipt PDF under that load; the statement's and the dashboard's
   bytes on the wire, plain and gzipped;
5. deliveries: deliveries recorded per second through `delivery_record` (QC to ledger),
   one process, each in its own transaction (last: it adds rows).

Writes bench/results/<scale>-<database>.json (or --json FILE) and prints a short table.
"""

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432/"


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", default="site", choices=["demo", "tiny", "site", "federation"])
    p.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    p.add_argument("--db-name", help="PostgreSQL database (default minka_bench_<scale>)")
    p.add_argument("--keep", action="store_true", help="Keep the PostgreSQL database.")
    p.add_argument("--only", default="pages,impact,history,server,deliveries")
    p.add_argument("--runs", type=int, default=50, help="Requests per page.")
    p.add_argument("--deliveries", type=int, default=500)
    p.add_argument("--load-requests", type=int, default=1000)
    p.add_argument("--load-threads", type=int, default=4)
    p.add_argument("--load-seconds", type=float, default=120.0)
    p.add_argument("--wrk-seconds", type=float, default=3.0, help="Seconds of each load by wrk.")
    p.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("MINKA_WORKERS") or 2),
        help="gunicorn workers, as `minka serve` (MINKA_WORKERS, default 2)",
    )
    p.add_argument(
        "--history",
        default="100,1000,10000",
        help="Ledger entries of the members whose statements are timed.",
    )
    p.add_argument("--seed", type=int, default=4)
    p.add_argument(
        "--ports",
        default=os.environ.get("MINKA_BENCH_PORTS") or "8451-8499",
        help="Port range for the real server, low-high (MINKA_BENCH_PORTS, default 8451-8499)",
    )
    p.add_argument("--json", type=Path)
    p.add_argument("--smoke", action="store_true", help="Tiny, SQLite, a few runs: seconds.")
    args = p.parse_args()
    if args.smoke:
        args.scale, args.database, args.runs, args.deliveries = "tiny", "sqlite", 3, 20
        args.load_requests, args.load_threads, args.history = 20, 2, "20"
        args.wrk_seconds = 1.0
    args.only = set(args.only.split(","))
    low, _dash, high = args.ports.partition("-")
    args.ports = (int(low), int(high or low))
    return args


ARGS = parse()
DATA_DIR = tempfile.mkdtemp(prefix="minka-bench-")
os.environ["MINKA_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")
os.environ["MINKA_DEV"] = "true"
os.environ.pop("MINKA_DEBUG", None)
DB_NAME = ARGS.db_name or f"minka_bench_{ARGS.scale}"
CREATED_DB = False
if ARGS.database == "postgres":
    import psycopg

    assert DB_NAME not in {"minka", "test_minka"}, "that database belongs to CI"
    with psycopg.connect(PG + "postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{DB_NAME}"')
            CREATED_DB = True
    os.environ["MINKA_DATABASE_URL"] = PG + DB_NAME
else:
    os.environ.pop("MINKA_DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from minka.demo import generate  # noqa: E402
from minka.impact.indicators import Period, add_months, monthly_indicators  # noqa: E402
from minka.members.models import Group, GroupRole, Member, Role  # noqa: E402
from minka.production.models import (  # noqa: E402
    Allocation,
    Order,
    OrderLine,
    OrderStatus,
    Product,
)
from minka.production.services import delivery_record  # noqa: E402


def percentile(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, max(0, round(len(times) * q) - 1))]


def summary(times: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "max_ms": round(max(times), 2),
    }


# --- data -------------------------------------------------------------------------------------


def load() -> dict[str, Any]:
    call_command("migrate", verbosity=0)
    if Group.objects.exists():
        return {"loaded": "existing database"}
    started = time.perf_counter()
    if ARGS.scale == "demo":
        call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    else:
        generate.generate(
            scale=generate.SCALES[ARGS.scale],
            seed=ARGS.seed,
            today=timezone.localdate(),
            say=lambda line: print("  ·", line, flush=True),
        )
    return {"load_s": round(time.perf_counter() - started, 1)}


def subject() -> tuple[Group, User, Member, Order]:
    """The group measured (the first by code), its coordinator, its busiest member and
    its biggest order."""
    group = Group.objects.order_by("code").first()
    assert group is not None
    role = GroupRole.objects.filter(group=group, role=Role.COORDINATOR).order_by("created_at")
    user = role.select_related("user").first()
    assert user is not None
    # Not the members bench/statement.py makes (kept with the database): the same member
    # on the first run and on every later one.
    members = Member.objects.filter(group=group).exclude(last_name="Bench")
    member = (members.annotate(n=Count("ledger_entries")).order_by("-n", "number")).first()
    order = (
        Order.objects.filter(group=group)
        .annotate(n=Count("lines__allocations"))
        .order_by("-n", "number")
        .first()
    )
    assert member is not None and order is not None
    return group, user.user, member, order


def sizes() -> dict[str, int]:
    from minka.ledger.models import LedgerEntry, Payout
    from minka.production.models import Delivery, QualityCheck

    counts = {}
    for model in (Group, Member, Order, Allocation, Delivery, QualityCheck, Payout, LedgerEntry):
        if connection.vendor == "postgresql":  # exact counts of 10M rows take seconds
            with connection.cursor() as c:
                c.execute(f"SELECT count(*) FROM {model._meta.db_table}")
                counts[model._meta.model_name] = c.fetchone()[0]
        else:
            counts[model._meta.model_name] = model.objects.count()
    return counts


# --- 1. pages ---------------------------------------------------------------------------------


def bench_pages(group: Group, user: User, member: Member, order: Order) -> dict[str, Any]:
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    client = Client()
    client.force_login(user)
    g = group.id
    pages = {
        "group dashboard": reverse("dashboard", args=[g]),
        "member statement": reverse("member_statement", args=[g, member.id]),
        "order page": reverse("order_detail", args=[g, order.id]),
        "impact page": reverse("impact", args=[g]),
        "balances": reverse("balances", args=[g]),
        "order list": reverse("order_list", args=[g]),
    }
    for path in pages.values():
        for _ in range(3):
            assert client.get(path).status_code == 200, path
    # As the server's master does before it forks the workers (minka/wsgi.py): what is
    # loaded by now stays out of the garbage collector's full passes, which here took
    # 80-90 ms every tenth request of the order page, and are not what a worker pays.
    gc.collect()
    gc.freeze()
    results = {}
    for name, path in pages.items():
        times = []
        for _ in range(ARGS.runs):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, path
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        results[name] = {**summary(times), "queries": len(ctx.captured_queries)}
    return results


# --- 2. impact report against hand-written SQL -----------------------------------------------

IMPACT_SQL = """
WITH months AS (
    SELECT generate_series(%(first)s::date, %(last)s::date, interval '1 month')::date AS month
), active AS (
    SELECT id, joined_on FROM members_member WHERE group_id = %(g)s AND status = 'active'
), graded AS (
    SELECT date_trunc('month', d.received_on)::date AS month,
           SUM(q.quantity) FILTER (WHERE q.grade IN ('A', 'B')) AS accepted,
           SUM(q.quantity) AS graded
    FROM production_qualitycheck q
    JOIN production_delivery d ON d.id = q.delivery_id
    JOIN production_allocation a ON a.id = d.allocation_id
    JOIN production_orderline l ON l.id = a.line_id
    JOIN production_order o ON o.id = l.order_id
    WHERE o.group_id = %(g)s AND q.grade IN ('A', 'B', 'rejected')
      AND d.received_on BETWEEN %(first)s AND %(end)s
    GROUP BY 1
), money AS (
    SELECT date_trunc('month', COALESCE(r.entry_date, e.entry_date))::date AS month,
           e.member_id, COALESCE(r.kind, e.kind) AS kind, SUM(e.amount) AS total
    FROM ledger_ledgerentry e LEFT JOIN ledger_ledgerentry r ON r.id = e.reverses_id
    WHERE e.group_id = %(g)s AND e.currency = 'PEN'
      AND COALESCE(r.kind, e.kind) IN ('earning', 'payout', 'advance')
      AND COALESCE(r.entry_date, e.entry_date) BETWEEN %(first)s AND %(end)s
    GROUP BY 1, 2, 3
), paid AS (
    SELECT month, -SUM(total) AS paid FROM money WHERE kind <> 'earning' GROUP BY 1
), earned AS (
    SELECT m.month, COUNT(*) AS n,
           array_agg(COALESCE(x.total, 0) ORDER BY COALESCE(x.total, 0)) AS v
    FROM months m
    JOIN active a ON a.joined_on < m.month + interval '1 month'
    LEFT JOIN money x ON x.month = m.month AND x.member_id = a.id AND x.kind = 'earning'
    GROUP BY m.month
)
SELECT m.month, COALESCE(e.n, 0), COALESCE(g.accepted, 0), COALESCE(g.graded, 0),
       COALESCE(p.paid, 0), ROUND((e.v[(e.n + 1) / 2] + e.v[e.n / 2 + 1]) / 2, 2)
FROM months m
LEFT JOIN graded g USING (month) LEFT JOIN paid p USING (month) LEFT JOIN earned e USING (month)
ORDER BY m.month
"""


def bench_impact(group: Group) -> dict[str, Any]:
    if connection.vendor != "postgresql":
        return {"skipped": "the hand-written SQL is PostgreSQL's"}
    today = timezone.localdate()
    out: dict[str, Any] = {}
    for months in (12, 36):
        last = today.replace(day=1)
        period = Period(add_months(last, 1 - months), last)
        params = {"g": group.id, "first": period.first, "last": period.last, "end": period.end}
        minka_times, sql_times = [], []
        for i in range(ARGS.runs // 5 + 3):
            start = time.perf_counter()
            figures = monthly_indicators(group, period)
            t_minka = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            with connection.cursor() as c:
                c.execute(IMPACT_SQL, params)
                rows = c.fetchall()
            t_sql = (time.perf_counter() - start) * 1000
            if i >= 2:  # warm-up
                minka_times.append(t_minka)
                sql_times.append(t_sql)
        mine = [
            (f.month, f.active_members, f.pieces_accepted, f.pieces_graded, f.paid,
             f.median_earnings)
            for f in figures
        ]  # fmt: skip
        theirs = [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]
        assert mine == theirs, f"Minka and the SQL disagree:\n{mine}\n{theirs}"
        m50, s50 = statistics.median(minka_times), statistics.median(sql_times)
        out[f"{months} months"] = {
            "minka_p50_ms": round(m50, 1),
            "sql_p50_ms": round(s50, 1),
            "ratio": round(m50 / s50, 2),
            "same_figures": True,
        }
    return out


# --- 3. deliveries through the services -------------------------------------------------------


def bench_deliveries(group: Group, user: User) -> dict[str, Any]:
    members = list(Member.objects.filter(group=group, status="active")[:40])
    product = Product.objects.filter(group=group).first()
    buyer = Order.objects.filter(group=group).first()
    assert product and buyer
    order = Order.objects.create(
        group=group,
        buyer_id=buyer.buyer_id,
        number=f"BENCH-{group.code}-{time.time_ns()}",
        status=OrderStatus.IN_PRODUCTION,
        deadline=timezone.localdate(),
        created_by=user,
    )
    line = OrderLine.objects.create(
        order=order, product=product, quantity=len(members) * 1000, unit_price=10
    )
    allocations = [
        Allocation.objects.create(line=line, member=m, quantity=1000, confirmed_by=user)
        for m in members
    ]
    today = timezone.localdate()
    start = time.perf_counter()
    for i in range(ARGS.deliveries):
        delivery_record(
            allocation=allocations[i % len(allocations)],
            received_on=today,
            grade_a=2,
            grade_b=1,
            rework=0,
            rejected=1 if i % 5 == 0 else 0,
            defect="size" if i % 5 == 0 else "",
            by=user,
        )
    seconds = time.perf_counter() - start
    return {
        "deliveries": ARGS.deliveries,
        "seconds": round(seconds, 2),
        "per_second": round(ARGS.deliveries / seconds, 1),
    }


# --- 4. a real server: memory, throughput against the ceiling, receipts, bytes ----------------


def bench_server(group: Group, user: User, member: Member, order: Order) -> dict[str, Any]:
    from bench import server as srv
    from minka.ledger.models import Payout

    cookie = srv.session_cookie(user)
    her_cookie = srv.session_cookie(srv.member_login(member))
    g = group.id
    statement = reverse("member_statement", args=[g, member.id])
    dashboard = reverse("dashboard", args=[g])
    paths = [
        dashboard,
        statement,
        reverse("order_detail", args=[g, order.id]),
        reverse("impact", args=[g]),
        reverse("balances", args=[g]),
        reverse("order_list", args=[g]),
        reverse("member_list", args=[g]),
    ]
    receipts = [
        reverse("payout_receipt", args=[g, p])
        for p in Payout.objects.filter(group=group)
        .order_by("-created_at")
        .values_list("id", flat=True)[:20]
    ]
    load = {"requests": ARGS.load_requests, "threads": ARGS.load_threads,
            "seconds": ARGS.load_seconds, "wrk_seconds": ARGS.wrk_seconds}  # fmt: skip
    with srv.serving(ARGS.workers, ARGS.ports) as server:

        def main_pages() -> None:
            for _ in range(10):  # every worker sees every page several times
                for path in paths:
                    server.get(path, cookie)

        main_pages()
        out: dict[str, Any] = {"workers": ARGS.workers, "memory_after_pages": server.memory()}
        # The coordinator's visits write the access log; the member's own do not.
        pages = {
            "statement": (statement, cookie),
            "statement, her own login": (statement, her_cookie),
            "ceiling": (f"/bench/ceiling/{g}/", cookie),
        }
        out["statement_vs_ceiling"] = srv.versus(server, pages, **load)
        rates = {k: v["requests_per_second"] for k, v in out["statement_vs_ceiling"].items()}
        out["statement_share_of_ceiling"] = round(rates["statement"] / rates["ceiling"], 3)
        out["her_statement_share_of_ceiling"] = round(
            rates["statement, her own login"] / rates["ceiling"], 3
        )
        if receipts:
            out["receipt_pdf"] = srv.any_load(server, receipts, cookie, **load)
        out["wire"] = srv.wire(server, {"statement": statement, "dashboard": dashboard}, cookie)
        out["memory_after_load"] = server.memory()
        # A worker replaced during the load (minka serve's --max-requests) has served only
        # the receipts since: the main pages again, so that every worker has served all.
        main_pages()
        out["memory_after_load_and_pages"] = server.memory()
    return out


# --- the run ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    info = {
        "cpus": os.cpu_count(),
        "memory_gib": round(int(mem) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": connection.vendor,
        "date": date.today().isoformat(),
    }
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SHOW server_version")
        else:
            c.execute("SELECT sqlite_version()")
        info["database_version"] = c.fetchone()[0]
    return info


def main() -> None:
    out: dict[str, Any] = {"scale": ARGS.scale, "database": ARGS.database}
    try:
        out["load"] = load()
        out["machine"] = machine()
        out["sizes"] = sizes()
        group, user, member, order = subject()
        out["subject"] = {
            "group": group.code,
            "member_entries": member.ledger_entries.count(),
            "order_allocations": Allocation.objects.filter(line__order=order).count(),
        }
        print(f"{ARGS.scale} on {ARGS.database}: {out['sizes']}", flush=True)
        if "pages" in ARGS.only:
            out["pages"] = bench_pages(group, user, member, order)
        if "impact" in ARGS.only:
            out["impact"] = bench_impact(group)
        if "history" in ARGS.only:
            from bench.statement import bench_history

            counts = [int(n) for n in ARGS.history.split(",")]
            out["history"] = bench_history(group, user, counts, ARGS.runs)
        if "server" in ARGS.only:
            out["server"] = bench_server(group, user, member, order)
        if "deliveries" in ARGS.only:  # last: it adds rows
            out["deliveries"] = bench_deliveries(group, user)
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
        if ARGS.database == "postgres" and CREATED_DB and not ARGS.keep:
            with psycopg.connect(PG + "postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
    report(out)
    target = ARGS.json or ROOT / "bench" / "results" / f"{ARGS.scale}-{ARGS.database}.json"
    if not ARGS.smoke or ARGS.json:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(out, indent=2, default=str) + "\n")
        print(f"\nwritten to {target}")


def report(out: dict[str, Any]) -> None:
    print(f"\n{out['scale']} scale on {out['database']} {out['machine']['database_version']}")
    if "pages" in out:
        print(f"{'page':<20}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
        for name, r in out["pages"].items():
            print(f"{name:<20}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}{r['queries']:>9}")
    for months, r in out.get("impact", {}).items():
        if isinstance(r, dict):
            print(
                f"impact report, {months}: Minka {r['minka_p50_ms']} ms, hand-written SQL "
                f"{r['sql_p50_ms']} ms, ratio {r['ratio']}"
            )
    if "deliveries" in out:
        d = out["deliveries"]
        print(f"deliveries through delivery_record: {d['per_second']}/s ({d['deliveries']})")
    for r in out.get("history", {}).values():
        print(
            f"statement of a member with {r['entries']} entries: p50 {r['p50_ms']} ms, "
            f"p95 {r['p95_ms']} ms, {r['queries']} queries; drawn anew p50 "
            f"{r['drawn_p50_ms']} ms, p95 {r['drawn_p95_ms']} ms, {r['drawn_queries']} "
            f"queries; {r['html_bytes']} bytes ({r['gzip_bytes']} gzipped)"
        )
    if "server" in out:
        sv = out["server"]
        for when in ("memory_after_pages", "memory_after_load", "memory_after_load_and_pages"):
            m = sv[when]
            print(
                f"gunicorn {sv['workers']} workers, {when.replace('_', ' ')}: PSS "
                f"{m['pss_mib_total']} MiB in all ({m['pss_mib_each']}), RSS {m['rss_mib_total']}"
            )
        for name, r in sv["statement_vs_ceiling"].items():
            print(
                f"{name} under load ({r['runs'][0]['client']}, {ARGS.load_threads} at once, "
                f"{r['requests']} requests, "
                f"{r['errors']} errors): {r['requests_per_second']} req/s, p50 of rounds "
                f"{r['p50_ms_of_rounds']} ms, worst round p95 {r['p95_ms_worst_round']} ms"
            )
        print(
            f"statement / ceiling: {sv['statement_share_of_ceiling']} (coordinator), "
            f"{sv['her_statement_share_of_ceiling']} (her own login)"
        )
        if "receipt_pdf" in sv:
            r = sv["receipt_pdf"]
            print(
                f"receipt PDF under load ({r['client']}, {ARGS.load_threads} at once, "
                f"{r['requests']} requests, {r['errors']} errors): "
                f"{r['requests_per_second']} req/s, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms"
            )
        for name, r in sv["wire"].items():
            print(f"{name} on the wire: {r['plain_bytes']} bytes plain, {r['gzip_bytes']} gzipped")


if __name__ == "__main__":
    main()
