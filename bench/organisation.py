#!/usr/bin/env python
"""The organisation's desk at federation scale (issue 12), on PostgreSQL.

    .venv/bin/python bench/organisation.py --db-name minka_org_fed [--runs 30]

Uses a database that already holds `minka generate federation` (1,000 groups); adds the
projects, budgets and spending of minka/organisation/seeddata.py once (if the organisation
has no project yet) and rebuilds the desk's monthly figures and the members' monthly
pieces over every month the projects read (timed), then measures, in this process
through Django's whole request handling (no socket), logged in as the organisation's
staff:

1. the all-groups page: server time p50/p95 (default sort, cached and as the first request
   after a rollup rebuild; sorted by money paid; filtered by region), and its number of
   queries;
2. the page of the project with 200 groups;
3. the IATI activity file of the project with 1,000 groups: time, size, and time to
   validate it against the IATI 2.03 schema;
4. the donor report of the 200-group and the 1,000-group project, PDF and Excel.

Writes bench/results/organisation-federation-postgres.json (or --json) and prints a table.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--db-name", default="minka_org_fed")
p.add_argument("--runs", type=int, default=30)
p.add_argument("--desk-only", action="store_true", help="only the all-groups page")
p.add_argument("--no-refresh", action="store_true", help="keep the rollup as it is")
p.add_argument(
    "--json", type=Path, default=ROOT / "bench/results/organisation-federation-postgres.json"
)
p.add_argument(
    "--schema", type=Path, default=ROOT.parent.parent / "shared/iati/iati-activities-schema.xsd"
)
ARGS = p.parse_args()
os.environ["MINKA_DATA_DIR"] = tempfile.mkdtemp(prefix="minka-bench-org-")
os.environ["MINKA_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{ARGS.db_name}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")
os.environ["MINKA_DEV"] = "true"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from lxml import etree  # noqa: E402

from minka.impact.indicators import Period, month_start  # noqa: E402
from minka.members.models import Organisation, OrganisationStaff  # noqa: E402
from minka.organisation.donor_report import build_pdf, build_xlsx, report_data  # noqa: E402
from minka.organisation.iati import activity_xml  # noqa: E402
from minka.organisation.models import GroupMonth, MemberMonth, Project  # noqa: E402
from minka.organisation.rollup import group_months_refresh  # noqa: E402
from minka.organisation.seeddata import projects_generate  # noqa: E402


def percentile(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, max(0, round(len(times) * q) - 1))]


def timed(times: list[float]) -> dict[str, float]:
    return {
        "runs": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }


def page(
    client: Client,
    path: str,
    runs: int,
    data: dict[str, str] | None = None,
    warm: int = 2,
    cold: bool = False,
) -> dict[str, Any]:
    """Server time of `runs` requests; `cold`: each the first after a rollup rebuild (the
    desk's cache is keyed by the rollup's computed_at, so a rebuild empties it: emptied
    here before each request, outside the time)."""
    for _ in range(warm):
        assert client.get(path, data).status_code == 200, path
    queries = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path, data)
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(path, data)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return {**timed(times), "queries": len(queries), "bytes": len(response.content)}


def say(out: dict[str, Any]) -> None:
    """Each figure as soon as it is measured: the run is long."""
    out["load_now"] = round(os.getloadavg()[0], 1)
    print(json.dumps(out), flush=True)
    ARGS.json.parent.mkdir(parents=True, exist_ok=True)
    ARGS.json.write_text(json.dumps(out, indent=2) + "\n")


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    org = Organisation.objects.annotate(n=Count("groups")).order_by("-n").first()
    assert org is not None, "generate the federation first"
    today = timezone.localdate()
    out: dict[str, Any] = {
        "groups": org.n,
        "date": today.isoformat(),
        "cpus": os.cpu_count(),
        "load_at_start": round(os.getloadavg()[0], 1),
    }
    with connection.cursor() as c:
        c.execute("SHOW server_version")
        out["postgresql"] = c.fetchone()[0]
        c.execute("SELECT count(*) FROM ledger_ledgerentry")
        out["ledger_entries"] = c.fetchone()[0]
    if not Project.objects.filter(organisation=org).exists():
        start = time.perf_counter()
        seeded = projects_generate(
            organisation=org,
            groups=org.groups.all(),
            rng=random.Random(4),
            scale="federation",
            today=today,
        )
        out["seed_projects_s"] = round(time.perf_counter() - start, 1)
        out["spending_rows"] = seeded.spending
        with connection.cursor() as c:
            c.execute("ANALYZE")
    # The rollup over every month a project reads (the desk reads the last 12): the
    # projects' piece indicators use it when it covers their periods (member_rollup.py).
    first = min(p.starts_on for p in Project.objects.filter(organisation=org))
    period = Period(month_start(first), month_start(today))
    if ARGS.no_refresh:
        period = Period(period.first, period.first)  # one month: the rest stays as it was
    start = time.perf_counter()
    rows = group_months_refresh(organisation=org, period=period, today=today)
    out["rollup_refresh"] = {
        "months": period.count,
        "rows": rows,
        "member_month_rows": MemberMonth.objects.filter(group__organisation=org).count(),
        "s": round(time.perf_counter() - start, 1),
    }
    with connection.cursor() as c:
        c.execute("ANALYZE organisation_groupmonth")
        c.execute("ANALYZE organisation_membermonth")
    assert GroupMonth.objects.filter(group__organisation=org).count() >= rows
    say(out)
    staff = OrganisationStaff.objects.filter(organisation=org).first()
    assert staff is not None
    client = Client()
    client.force_login(staff.user)
    desk = reverse("desk", args=[org.id])
    out["desk"] = {
        "default": page(client, desk, ARGS.runs),
        "first after a rebuild": page(client, desk, ARGS.runs, cold=True),
        "sorted by paid": page(client, desk, ARGS.runs, {"sort": "paid", "desc": "on"}),
        "region Puno": page(client, desk, ARGS.runs, {"region": "Puno"}),
    }
    if ARGS.desk_only:
        say(out)
        return
    projects = {p.groups.count(): p for p in Project.objects.filter(organisation=org)}
    big, mid = projects[max(projects)], projects.get(200) or projects[max(projects)]
    say(out)
    out["project_page"] = {
        "groups": mid.groups.count(),
        **page(client, reverse("project", args=[mid.id]), 5),
    }
    times, body = [], b""
    for _ in range(1):  # one run: it is long, and the machine is shared
        start = time.perf_counter()
        body = activity_xml(big, today=today)
        times.append(time.perf_counter() - start)
    schema = etree.XMLSchema(etree.parse(str(ARGS.schema)))
    start = time.perf_counter()
    valid = schema.validate(etree.fromstring(body))
    out["iati"] = {
        "groups": big.groups.count(),
        "s": round(min(times), 2),
        "s_max": round(max(times), 2),
        "bytes": len(body),
        "valid": valid,
        "validate_s": round(time.perf_counter() - start, 2),
    }
    say(out)
    out["donor_report"] = {}
    for project in (mid, big):
        first, last = project.starts_on, min(project.ends_on, today)
        with translation.override("en"):
            start = time.perf_counter()
            data = report_data(project, first, last)
            gathered = time.perf_counter() - start
            start = time.perf_counter()
            pdf = build_pdf(data)
            pdf_s = time.perf_counter() - start
            start = time.perf_counter()
            xlsx = build_xlsx(data)
            xlsx_s = time.perf_counter() - start
        out["donor_report"][f"{project.groups.count()} groups"] = {
            "figures_s": round(gathered, 2),
            "pdf_s": round(pdf_s, 2),
            "pdf_bytes": len(pdf),
            "xlsx_s": round(xlsx_s, 2),
            "xlsx_bytes": len(xlsx),
        }
        say(out)
    ARGS.json.parent.mkdir(parents=True, exist_ok=True)
    ARGS.json.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
