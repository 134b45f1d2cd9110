"""Minka served for real (`minka serve`: gunicorn, preloaded), measured from 127.0.0.1.

Used by bench/run.py once Django is set up and the data is loaded:

- memory: PSS and RSS of the master and the workers together (/proc/<pid>/smaps_rollup),
  after every main page was served, after the load, and after the main pages again;
- throughput: the member statement (opened by the coordinator, and by the member
  herself) against the ceiling page (bench/ceiling.py) in the same run, alternating
  rounds of each so that a busy machine weighs on all alike;
- the payout receipt PDF under the same load;
- bytes on the wire of the statement and the dashboard, plain and gzipped.

Every load is bounded: a fixed number of requests from a few client threads, with a time
cap; the server listens on 127.0.0.1 only and is stopped at the end.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def percentile(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, max(0, round(len(times) * q) - 1))]


def free_port(low: int, high: int) -> int:
    for port in range(low, high + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def session_cookie(user: Any) -> str:
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def member_login(member: Any) -> Any:
    """A login of the member herself (made once, kept with the database)."""
    from django.contrib.auth.models import User

    from minka.members.models import GroupRole, Role

    role = GroupRole.objects.filter(member=member, role=Role.MEMBER).select_related("user")
    found = role.first()
    if found is not None:
        return found.user
    user = User.objects.create_user(username=f"bench-{member.id.hex[:12]}")
    GroupRole.objects.create(user=user, group_id=member.group_id, role=Role.MEMBER, member=member)
    return user


class Server:
    def __init__(self, process: subprocess.Popen[bytes], base: str) -> None:
        self.process = process
        self.base = base

    def pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [pid, *map(int, children)]

    def memory(self) -> dict[str, Any]:
        def field(path: str, name: str) -> int:
            for line in Path(path).read_text().splitlines():
                if line.startswith(name + ":"):
                    return int(line.split()[1])
            return 0

        pids = self.pids()
        pss = [field(f"/proc/{p}/smaps_rollup", "Pss") for p in pids]
        rss = [field(f"/proc/{p}/status", "VmRSS") for p in pids]
        return {
            "processes": len(pids),
            "pss_mib_each": [round(k / 1024, 1) for k in pss],
            "pss_mib_total": round(sum(pss) / 1024, 1),
            "rss_mib_total": round(sum(rss) / 1024, 1),
        }

    def get(self, path: str, cookie: str, *, gzipped: bool = True) -> tuple[float, int]:
        """Milliseconds and bytes on the wire of one GET; fails on anything but 200."""
        headers = {"Cookie": cookie}
        if gzipped:
            headers["Accept-Encoding"] = "gzip"
        request = urllib.request.Request(self.base + path, headers=headers)
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
        return (time.perf_counter() - start) * 1000, len(body)


@contextmanager
def serving(workers: int, ports: tuple[int, int]) -> Iterator[Server]:
    """`minka serve` on a free port of the range, with the bench page, until the end."""
    from django.db import connections

    connections.close_all()
    port = free_port(*ports)
    env = {**os.environ, "MINKA_BENCH": "true"}
    process = subprocess.Popen(
        [sys.executable, "-m", "minka.cli", "serve", "--no-migrate", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    server = Server(process, f"http://127.0.0.1:{port}")
    try:
        for _ in range(600):  # preloading takes a few seconds on a busy machine
            try:
                urllib.request.urlopen(server.base + "/accounts/login/", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.1)
        while len(server.pids()) < workers + 1:
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def load(
    server: Server, paths: Callable[[int], str], cookie: str, *, requests: int, threads: int,
    seconds: float,
) -> dict[str, Any]:  # fmt: skip
    """`requests` GETs (path number i from `paths(i)`) from `threads` client threads."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                ms, _size = server.get(paths(i), cookie)
            except Exception as exc:  # counted, not raised
                with lock:
                    errors.append(repr(exc)[:200])
                continue
            with lock:
                latencies.append(ms)

    pool = [threading.Thread(target=client) for _ in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    return {
        "threads": threads,
        "requests": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
    }


# wrk (Debian's `wrk`) as the client when it is installed: written in C, it leaves the
# 2 cores to the server, where the Python client threads above take about as much CPU as
# the server they measure. Same connections at once, same pages; it runs for a time, not
# for a number of requests. Its Lua script cycles through the paths and reports.
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("MINKA-WRK %%d %%d %%d %%d %%d\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95)))
end
"""


def wrk_load(
    server: Server, paths: list[str], cookie: str, *, threads: int, seconds: float
) -> dict[str, Any]:
    """The paths in turn from `threads` connections at once for `seconds`, by wrk."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
        script.flush()
        done = subprocess.run(
            ["wrk", "-t1", f"-c{threads}", f"-d{max(1, round(seconds))}s", "--timeout", "60s",
             "-H", f"Cookie: {cookie}", "-H", "Accept-Encoding: gzip", "-s", script.name,
             server.base + paths[0]],
            capture_output=True, text=True, timeout=seconds + 120, check=True,
        )  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("MINKA-WRK "))
    count, errors, micros, p50, p95 = map(int, line.split()[1:])
    return {
        "client": "wrk",
        "threads": threads,
        "requests": count,
        "errors": errors,
        "first_error": None,
        "seconds": round(micros / 1e6, 2),
        "requests_per_second": round(count / (micros / 1e6), 1),
        "p50_ms": round(p50 / 1000, 1),
        "p95_ms": round(p95 / 1000, 1),
    }


def any_load(
    server: Server, paths: list[str], cookie: str, *, requests: int, threads: int,
    seconds: float, wrk_seconds: float,
) -> dict[str, Any]:  # fmt: skip
    """By wrk for `wrk_seconds` if it is installed, else by `load` (Python threads)."""
    if shutil.which("wrk"):
        return wrk_load(server, paths, cookie, threads=threads, seconds=wrk_seconds)
    r = load(server, lambda i: paths[i % len(paths)], cookie, requests=requests,
             threads=threads, seconds=seconds)  # fmt: skip
    return {"client": "python threads", **r}


def versus(
    server: Server, pages: dict[str, tuple[str, str]], *, requests: int, threads: int,
    seconds: float, wrk_seconds: float, rounds: int = 4,
) -> dict[str, Any]:  # fmt: skip
    """Each page (path, cookie) under the same load, in alternating rounds; totals per page."""
    out: dict[str, Any] = {}
    per_round = max(1, requests // rounds)
    for _ in range(rounds):
        for name, (path, cookie) in pages.items():
            share = seconds / rounds / len(pages)
            r = any_load(server, [path], cookie, requests=per_round, threads=threads,
                         seconds=share, wrk_seconds=wrk_seconds)  # fmt: skip
            total = out.setdefault(name, {"requests": 0, "errors": 0, "seconds": 0.0, "runs": []})
            total["requests"] += r["requests"]
            total["errors"] += r["errors"]
            total["seconds"] += r["seconds"]
            total["runs"].append(r)
    for total in out.values():
        total["requests_per_second"] = round(total["requests"] / total["seconds"], 1)
        total["p50_ms_of_rounds"] = round(statistics.median(r["p50_ms"] for r in total["runs"]), 1)
        total["p95_ms_worst_round"] = max(r["p95_ms"] for r in total["runs"])
    return out


def wire(server: Server, paths: dict[str, str], cookie: str) -> dict[str, Any]:
    """Bytes of each page on the wire, plain and gzipped (what a browser asks for)."""
    out = {}
    for name, path in paths.items():
        _ms, plain = server.get(path, cookie, gzipped=False)
        _ms, packed = server.get(path, cookie, gzipped=True)
        out[name] = {"plain_bytes": plain, "gzip_bytes": packed,
                     "ratio": round(packed / plain, 3)}  # fmt: skip
    return out
