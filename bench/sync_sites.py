#!/usr/bin/env python
"""Central taking the first full sync of many sites (issue 10): the generated federation's
groups, one site each, pushed over HTTP into a fresh central.

    MINKA_SYNC_TEST_PORTS=8200-8260 .venv/bin/python bench/sync_sites.py --sites 100
    .venv/bin/python bench/sync_sites.py --sites 1000 --max-minutes 330   # the whole federation

What is real:
- central: a fresh PostgreSQL database, migrated, behind `minka serve` (gunicorn,
  `--workers`), exactly as in bench/sync.py; every site registered on it with
  `site_register` (one group each) and enrolled through its HTTP endpoint with a one-time
  secret and the site's own new Ed25519 key;
- every bundle: made by the real outbox (`minka.sync.outbox.build`, the code a site's
  `minka sync` runs, with its privacy, held-group and sensitive-attendance filters) from
  the site's records and change log, packed and signed with that site's key
  (`minka.sync.bundle.pack`), POSTed to /sync/api/exchange, checked and applied by
  central; central's signed answer is checked with central's key and its
  acknowledgement drives the next bundle, until both sides say there is no more;
- the check at the end: central's count of every travelling (UP) model equals the
  source's for the played groups (less attendance of sensitive trainings, which stays on
  the site), the ledger sum of every group is equal, central's month totals agree with
  its ledger, and central logged no error and held nothing.

What is emulated:
- the sites' databases: one PostgreSQL copy of the generated federation
  (MINKA_SYNC_SOURCE_DB, default minka_fed_sync) stands for all 1,000 SQLite sites (making
  1,000 SQLite sites takes 16.8 s each); a player process becomes site S<n> by setting
  its site code, and reads only that site's group (the outbox's own filter);
- the sites' change logs: made on the copy as `minka sync rebuild-log` makes one on a
  site that never synced (one change per record of the group, parents first, counters
  1, 2, 3 ... of that site), by one SQL statement for 25 sites at a time instead of 1,000
  runs of the command; kept in the copy (marked by a sync.Counter row `bench-S<n>`), so a
  later run reuses them;
- central's answers are not applied on the site (the copy is shared by every played
  site); their acknowledgements are, as a site's inbox would note them;
- `--parallel` player processes on the same machine as central play the sites, one site
  at a time each, so their CPU competes with central's;
- autovacuum's analyze, where the machine's PostgreSQL runs without it: the bench runs
  ANALYZE on central every 5 minutes (`Analyzer`).

Reports: total wall time of the pushes, changes/s, requests, bytes each way, central's
peak memory (sum over gunicorn master and workers of PSS, sampled every 0.5 s, and each
process's peak RSS, VmHWM) and CPU seconds; writes bench/results/sync-sites-<N>.json.
A hard cap (`--max-minutes`): no new bundle starts after it; the run then says so.
Central's database is MINKA_SYNC_TEST_DB (default minka_sync_sites), dropped after.
"""

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MINKA_SYNC_TEST_DB", "minka_sync_sites")

from bench import sync_player  # noqa: E402
from bench.sync_work import result  # noqa: E402
from minka.sync.tests import servers  # noqa: E402
from minka.sync.tests.servers import Server, base_env  # noqa: E402


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sites", type=int, default=10)
    p.add_argument("--parallel", type=int, default=4, help="sites pushing at once")
    p.add_argument("--workers", type=int, default=4, help="central's gunicorn workers")
    p.add_argument("--batch", type=int, default=None, help="changes per request")
    p.add_argument("--max-minutes", type=float, default=30.0)
    p.add_argument("--json", type=Path)
    return p.parse_args()


def _processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


def _field(pid: int, path: str, name: str) -> int:
    for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _processes(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class Memory(threading.Thread):
    """Central's memory, sampled: the highest sum of PSS and of RSS over its processes."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.stop = pid, threading.Event()
        self.pss_kib = self.rss_kib = 0

    def run(self) -> None:
        while not self.stop.wait(0.5):
            try:
                pids = _processes(self.pid)
                pss = sum(_field(p, "smaps_rollup", "Pss:") for p in pids)
                rss = sum(_field(p, "status", "VmRSS:") for p in pids)
            except (OSError, ValueError):
                continue
            self.pss_kib, self.rss_kib = max(self.pss_kib, pss), max(self.rss_kib, rss)

    def peaks(self) -> dict[str, Any]:
        hwm = {str(p): round(_field(p, "status", "VmHWM:") / 1024, 1) for p in _processes(self.pid)}
        return {"pss_sum_mib": round(self.pss_kib / 1024, 1),
                "rss_sum_mib": round(self.rss_kib / 1024, 1),
                "vmhwm_per_process_mib": hwm}  # fmt: skip


class Analyzer(threading.Thread):
    """ANALYZE central's database every `every` seconds while the sites push, when its
    PostgreSQL runs with autovacuum off (the default is on; this machine's is off).

    Autovacuum's analyze keeps the planner's statistics in step with tables that grow by
    millions of rows; without them, each bundle's look-up of the changes already applied
    read the whole of a model's change log (1.15 s a query at 9 M changes) and the
    1,000-site run slowed by half. So the bench does what a default server does itself."""

    def __init__(self, db: str, every: float = 300) -> None:
        super().__init__(daemon=True)
        self.db, self.every, self.stop = db, every, threading.Event()
        self.count = 0

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.db, autocommit=True) as conn:
            row = conn.execute("SHOW autovacuum").fetchone()
            if row is not None and row[0] == "on":
                return
            while not self.stop.wait(self.every):
                conn.execute("ANALYZE")
                self.count += 1


def shell(server: Server, call: str) -> dict[str, Any]:
    code = f"import json\nfrom bench import sync_player\nprint('RESULT ' + json.dumps({call}))"
    # Making 1,000 sites' logs, or checking 23 M changes, takes longer than a test's 600 s.
    return result(server.shell(code, timeout=4 * 3600))


def run(args: argparse.Namespace, tmp: Path, db: str) -> dict[str, Any]:
    pg = servers.PG
    source_db = os.environ.get("MINKA_SYNC_SOURCE_DB", "minka_fed_sync")
    site_env = {**base_env(tmp), "MINKA_DATABASE_URL": f"{pg}/{source_db}",
                "MINKA_SITE_CODE": "S1", "MINKA_DATA_DIR": str(tmp / "site")}  # fmt: skip
    source = Server("source", site_env)
    central = Server("central", {**base_env(tmp), "MINKA_ROLE": "central",
                     "MINKA_SITE_CODE": "C1", "MINKA_DATABASE_URL": db,
                     "MINKA_DATA_DIR": str(tmp / "central")})  # fmt: skip
    out: dict[str, Any] = {"sites_asked": args.sites, "parallel": args.parallel,
                           "workers": args.workers, "source_db": source_db}  # fmt: skip
    start = time.perf_counter()
    central.minka("migrate", "-v0")
    prepared = shell(source, f"sync_player.prepare_source({args.sites})")
    out["logs_made_for_sites"] = prepared["logs_made"]
    out["logs_seconds"] = prepared["logs_seconds"]
    (tmp / "source.json").write_text(json.dumps(prepared))
    secrets = shell(
        central, f"sync_player.seed_central(json.loads(open({str(tmp / 'source.json')!r}).read()))"
    )
    out["prepare_seconds"] = round(time.perf_counter() - start, 1)
    central.serve(tmp / "central.log", workers=args.workers)
    assert central.proc is not None
    memory = Memory(central.proc.pid)
    memory.start()
    analyzer = Analyzer(db)
    analyzer.start()
    cpu_before = cpu_seconds(central.proc.pid)
    deadline = time.time() + args.max_minutes * 60
    tasks = [
        {"site": s["site"], "secret": secrets[s["site"]], "url": central.url, "timeout": 600,
         "deadline": deadline, "batch": args.batch}
        for s in prepared["sites"]
    ]  # fmt: skip
    start = time.perf_counter()
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(args.parallel, sync_player.init, (site_env,)) as pool:
        played = pool.map(sync_player.play, tasks, chunksize=1)
    pool_wall = time.perf_counter() - start
    # From the first site's enrolment to the last answer (the players' start-up aside).
    wall = max(p["ended"] for p in played) - min(p["began"] for p in played)
    out["central_cpu_seconds"] = round(cpu_seconds(central.proc.pid) - cpu_before, 1)
    memory.stop.set()
    analyzer.stop.set()
    out["central_memory"] = memory.peaks()
    out["central_analyzed_by_the_bench"] = analyzer.count
    central.stop()
    check = shell(central, "sync_player.check_central()")
    sent = sum(p["changes_sent"] for p in played)
    logged = {s["site"]: s["changes"] for s in prepared["sites"]}
    out |= {
        "sites": len(played),
        "changes_in_logs": sum(logged.values()),
        "changes_sent": sent,
        "seconds": round(wall, 1),
        "changes_per_second": round(sent / wall, 1) if wall else 0,
        "pool_seconds": round(pool_wall, 1),
        "requests": sum(p["requests"] for p in played),
        "bytes_up": sum(p["bytes_up"] for p in played),
        "bytes_down": sum(p["bytes_down"] for p in played),
        "changes_down": sum(p["changes_down"] for p in played),
        "slowest_site_seconds": max(p["seconds"] for p in played),
        "failed_sites": {p["site"]: p["error"] for p in played if p["error"]},
        "sites_not_fully_received": [
            s for s, n in logged.items() if check["received"].get(s, 0) < n
        ],
        "models_that_differ": {
            label: [n, check["counts"].get(label)]
            for label, n in prepared["expected"].items()
            if n != check["counts"].get(label)
        },
        "records_expected": sum(prepared["expected"].values()),
        "groups_with_other_ledger_sum": [
            g for g, t in prepared["ledger"].items() if check["ledger"].get(g) != t
        ],
        "central_month_totals_off": check["month_totals_off"],
        "central_held": check["held"],
        "central_errors": check["errors"],
        "sensitive_counts": [prepared["sensitive_sessions"], check["sensitive_counts"]],
    }
    out["all_equal"] = not (
        out["failed_sites"] or out["sites_not_fully_received"] or out["models_that_differ"]
        or out["groups_with_other_ledger_sum"] or out["central_month_totals_off"]
        or out["central_held"] or out["central_errors"]
    )  # fmt: skip
    return out


def main() -> None:
    args = parse()
    tmp = Path(tempfile.mkdtemp(prefix="minka-sync-sites-"))
    load = os.getloadavg()
    with servers.fresh_pg_database(servers.DB) as db:
        start = time.perf_counter()
        try:
            out = run(args, tmp, db)
        except BaseException:
            print(f"kept for reading: {tmp} (central.log)", file=sys.stderr)
            raise
        out["total_seconds"] = round(time.perf_counter() - start, 1)
    shutil.rmtree(tmp, ignore_errors=True)
    out["load_average_before"] = [round(x, 1) for x in load]
    out["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(out, indent=2))
    target = args.json or ROOT / "bench" / "results" / f"sync-sites-{args.sites}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2) + "\n")
    print(f"written to {target}")


if __name__ == "__main__":
    main()
