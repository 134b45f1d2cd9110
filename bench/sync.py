#!/usr/bin/env python
"""Sync's figures (issue 10), with real servers: central on PostgreSQL behind `minka serve`
(gunicorn) and sites on SQLite, each its own process, syncing over HTTP on 127.0.0.1.

    .venv/bin/python bench/sync.py day              # the demo's site: first sync, a
                                                    # delivery day, a whole season
    .venv/bin/python bench/sync.py many --sites 50  # 50 sites syncing at the same moment
    .venv/bin/python bench/sync.py federation       # one federation group's first sync

`day`: the demo's groups on a site (Camacani: 50 members); its first whole sync; a season's
order for Camacani shared out; one delivery day (every member delivers, graded, earnings on
the ledger, a fifth paid) synced alone: requests, bytes each way, gzipped bytes per change;
then `--season` changes' worth of delivery days (10,000 by default) pushed and applied in
one `minka sync`: time, and the peak memory of central's gunicorn workers.

`many`: central with `--workers` workers; `--sites` sites, each a new group of `--members`
members enrolled with its own key, with a season shared out and one delivery day; then
every site runs `minka sync` at the same moment. Reports failures, the wall time, changes
applied per second, and checks that central holds each site's every change and the same
ledger total per group.

`federation`: one group of the federation generator (`minka generate`, 100 members, 36
months: the shape of each of its 1,000 groups) on a site; its change log rebuilt from the
rows (`minka sync rebuild-log`: the generator writes in bulk, without the log); then its
first whole sync into central: time, requests, bytes, central's peak memory, and the
records compared model by model.

PostgreSQL at MINKA_SYNC_PG_URL (postgres://postgres@127.0.0.1:5432); the database is
MINKA_SYNC_TEST_DB (default minka_sync_bench) and is dropped after; ports from
MINKA_SYNC_TEST_PORTS. Writes bench/results/sync-<what>.json.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MINKA_SYNC_TEST_DB", "minka_sync_bench")

from bench.sync_sites import cpu_seconds  # noqa: E402
from bench.sync_work import DAYS, GROUP, SEASON, result  # noqa: E402
from minka.sync.tests import servers  # noqa: E402
from minka.sync.tests.servers import Server, base_env  # noqa: E402

SYNCED = re.compile(
    r"Sincronizado: (\d+) cambios enviados, (\d+) recibidos, (\d+) retenidos; (\d+) "
    r"solicitudes, (\d+) B enviados, (\d+) B recibidos"
)


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", choices=["day", "many", "federation"])
    p.add_argument("--season", type=int, default=10_000, help="changes in the season")
    p.add_argument("--sites", type=int, default=50)
    p.add_argument("--members", type=int, default=50)
    p.add_argument("--months", type=int, default=36)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--build-parallel", type=int, default=3)
    p.add_argument("--json", type=Path)
    return p.parse_args()


def synced(stdout: str, seconds: float) -> dict[str, Any]:
    found = SYNCED.search(stdout)
    assert found, stdout
    sent, got, held, requests, up, down = (int(x) for x in found.groups())
    return {"changes_sent": sent, "changes_received": got, "held": held, "requests": requests,
            "bytes_up": up, "bytes_down": down, "seconds": round(seconds, 2)}  # fmt: skip


def timed_sync(site: Server) -> dict[str, Any]:
    start = time.perf_counter()
    out = site.minka("sync").stdout
    return synced(out, time.perf_counter() - start)


def peak_memory(server: Server) -> dict[str, float]:
    """Peak resident memory (VmHWM) of the gunicorn master and each worker, MiB."""
    assert server.proc is not None
    pid = server.proc.pid
    pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    out = {}
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                out[str(p)] = round(int(line.split()[1]) / 1024, 1)
    return out


def bench_day(args: argparse.Namespace, tmp: Path, db: str) -> dict[str, Any]:
    central, site = servers.central_and_site(tmp, db)
    out: dict[str, Any] = {}
    try:
        secret = servers.prepare(central, site)
        central.serve(tmp / "central.log", workers=args.workers)
        site.minka("sync", "enrol", central.url, secret)
        out["first_sync_demo"] = timed_sync(site)
        members = 50
        made = result(site.shell(SEASON.format(code="CAM", members=members, pieces=400)))
        out["season_order"] = made | timed_sync(site)
        day = result(site.shell(DAYS.format(code="CAM", days=1)))
        sync = timed_sync(site)
        sync["bytes_per_change_gzipped"] = round(sync["bytes_up"] / sync["changes_sent"], 1)
        out["delivery_day"] = day | sync
        days = max(1, round(args.season / day["changes"]))
        season = result(site.shell(DAYS.format(code="CAM", days=days)))
        sync = timed_sync(site)
        sync["changes_per_second"] = round(sync["changes_sent"] / sync["seconds"], 1)
        sync["bytes_per_change_gzipped"] = round(sync["bytes_up"] / sync["changes_sent"], 1)
        out["season"] = season | {"days": days} | sync
        out["central_peak_mib"] = peak_memory(central)
    finally:
        central.stop()
    return out


REGISTER = """
import json
from minka.sync.services import site_register
secrets = {{}}
for code in {codes!r}:
    peer, secret = site_register(code=code, name=code, group_codes=["G" + code])
    secrets[code] = secret
print("RESULT " + json.dumps(secrets))
"""

ENROL = """
from minka.sync.enrol import enrol
enrol({url!r}, {secret!r})
"""

CENTRAL_CHECK = """
import json
from django.db.models import Sum
from minka.ledger.models import LedgerEntry
from minka.sync.models import Peer, SyncLog
totals = {str(g): f"{t:.2f}" for g, t in LedgerEntry.objects.values("member__group__code")
          .annotate(t=Sum("amount")).values_list("member__group__code", "t")}
peers = {p.code: p.received_upto for p in Peer.objects.all()}
errors = list(SyncLog.objects.filter(outcome="error").values_list("message", flat=True))
oks = SyncLog.objects.filter(outcome="ok", way="http").order_by("at")
span = (oks.last().at - oks.first().at).total_seconds() if oks.exists() else 0
print("RESULT " + json.dumps({"totals": totals, "peers": peers, "errors": errors,
      "applied": sum(l.applied for l in oks), "log_span_seconds": span}))
"""

SITE_CHECK = """
import json
from django.db.models import Sum
from minka.ledger.models import LedgerEntry
from minka.sync.models import Counter
print("RESULT " + json.dumps({
    "counter": Counter.objects.get(name="local").value,
    "total": f"{LedgerEntry.objects.aggregate(t=Sum('amount'))['t']:.2f}"}))
"""


def bench_many(args: argparse.Namespace, tmp: Path, db: str) -> dict[str, Any]:
    codes = [f"S{i:03d}" for i in range(1, args.sites + 1)]
    central = Server("central", {**base_env(tmp), "MINKA_ROLE": "central",
                     "MINKA_SITE_CODE": "C1", "MINKA_DATABASE_URL": db,
                     "MINKA_DATA_DIR": str(tmp / "central")})  # fmt: skip
    out: dict[str, Any] = {"sites": args.sites, "members": args.members,
                           "workers": args.workers}  # fmt: skip
    try:
        template = Server("template", {**base_env(tmp), "MINKA_DATA_DIR": str(tmp / "tpl")})
        migrating = template.shell_start(
            "from django.core.management import call_command\n"
            "call_command('migrate', verbosity=0)\n"
            "from django.db import connection\n"
            "connection.cursor().execute('PRAGMA wal_checkpoint(TRUNCATE)')\n"
        )
        central.minka("migrate", "-v0")
        central.shell(servers.CENTRAL_ORGANISATION)
        secrets = result(central.shell(REGISTER.format(codes=codes)))
        template.finish(migrating)
        central.serve(tmp / "central.log", workers=args.workers)
        sites = []
        for code in codes:
            folder = tmp / f"site-{code}"
            folder.mkdir()
            shutil.copy(tmp / "tpl" / "minka.sqlite3", folder / "minka.sqlite3")
            env = {**base_env(tmp), "MINKA_SITE_CODE": code, "MINKA_DATA_DIR": str(folder)}
            sites.append(Server(code, env))

        def build(site: Server) -> dict[str, Any]:
            g = "G" + site.name
            script = (
                ENROL.format(url=central.url, secret=secrets[site.name])
                + GROUP.format(code=g, members=args.members)
                + SEASON.format(code=g, members=args.members, pieces=100)
                + DAYS.format(code=g, days=1)
                + SITE_CHECK
            )
            return result(site.shell(script))

        start = time.perf_counter()
        with ThreadPoolExecutor(args.build_parallel) as pool:
            built = dict(zip(codes, pool.map(build, sites), strict=True))
        out["build_seconds"] = round(time.perf_counter() - start, 1)
        out["changes_per_site"] = built[codes[0]]["counter"]

        # Every site at the same moment.
        start = time.perf_counter()
        procs = [
            subprocess.Popen([sys.executable, "-m", "minka.cli", "sync"], env=s.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for s in sites
        ]  # fmt: skip
        done = [(p.communicate(timeout=1800), p.returncode) for p in procs]
        wall = time.perf_counter() - start
        failures = [f"{c}: {err.strip()[-300:]}" for c, ((_o, err), rc) in
                    zip(codes, done, strict=True) if rc != 0]  # fmt: skip
        total = sum(b["counter"] for b in built.values())
        check = result(central.shell(CENTRAL_CHECK))
        lost = [c for c in codes if check["peers"].get(c) != built[c]["counter"]]
        wrong = [c for c in codes if check["totals"].get("G" + c) != built[c]["total"]]
        out |= {
            "wall_seconds": round(wall, 1),
            "failed_syncs": failures,
            "changes_total": total,
            "changes_applied_by_central": check["applied"],
            "changes_per_second_wall": round(total / wall, 1),
            "central_log_span_seconds": round(check["log_span_seconds"], 1),
            "central_errors": check["errors"],
            "sites_missing_changes": lost,
            "sites_with_other_ledger_total": wrong,
            "central_peak_mib": peak_memory(central),
        }
    finally:
        central.stop()
    return out


def bench_federation(args: argparse.Namespace, tmp: Path, db: str) -> dict[str, Any]:
    central, site = servers.central_and_site(tmp, db)
    out: dict[str, Any] = {"members": args.members, "months": args.months}
    try:
        central.minka("migrate", "-v0")
        central.shell(servers.CENTRAL_ORGANISATION)
        secret = central.minka("sync", "register-site", "S1", "--groups", "GAAA").stdout
        secret = secret.strip().splitlines()[-1]
        site.minka("migrate", "-v0")
        start = time.perf_counter()
        site.minka("generate", "site", "--members", str(args.members), "--months",
                   str(args.months))  # fmt: skip
        out["generate_seconds"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        rebuilt = site.minka("sync", "rebuild-log").stdout
        out["rebuild_log_seconds"] = round(time.perf_counter() - start, 1)
        out["rebuild_log"] = rebuilt.strip().splitlines()[0]
        central.serve(tmp / "central.log", workers=args.workers)
        site.minka("sync", "enrol", central.url, secret)
        assert central.proc is not None
        cpu = cpu_seconds(central.proc.pid)
        sync = timed_sync(site)
        cpu = cpu_seconds(central.proc.pid) - cpu
        sync["changes_per_second"] = round(sync["changes_sent"] / sync["seconds"], 1)
        # Central's own share: its gunicorn processes' CPU time (PostgreSQL's not counted).
        sync["central_cpu_seconds"] = round(cpu, 2)
        sync["changes_per_central_cpu_second"] = round(sync["changes_sent"] / max(cpu, 0.01))
        sync["bytes_per_change_gzipped"] = round(sync["bytes_up"] / sync["changes_sent"], 1)
        out["first_sync"] = sync
        out["central_peak_mib"] = peak_memory(central)
        mine, theirs = site.counts(), central.counts()
        out["records_on_site"] = sum(mine.values())
        out["models_that_differ"] = {
            k: [mine[k], theirs.get(k)] for k in mine if mine[k] != theirs.get(k)
        }
    finally:
        central.stop()
    return out


def main() -> None:
    args = parse()
    tmp = Path(tempfile.mkdtemp(prefix="minka-sync-bench-"))
    load = os.getloadavg()
    with servers.fresh_pg_database(servers.DB) as db:
        start = time.perf_counter()
        bench = {"day": bench_day, "many": bench_many, "federation": bench_federation}
        try:
            out = bench[args.what](args, tmp, db)
        except BaseException:
            print(f"kept for reading: {tmp} (central.log)", file=sys.stderr)
            raise
        out["total_seconds"] = round(time.perf_counter() - start, 1)
    shutil.rmtree(tmp, ignore_errors=True)
    out["load_average_before"] = [round(x, 1) for x in load]
    out["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(out, indent=2))
    target = args.json or ROOT / "bench" / "results" / f"sync-{args.what}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2) + "\n")
    print(f"written to {target}")


if __name__ == "__main__":
    main()
