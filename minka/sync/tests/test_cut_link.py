"""A link that drops at any byte loses nothing and doubles nothing (issue 10, point 5).

Central (PostgreSQL) and a site (SQLite) as real processes, with a small TCP proxy
between them (proxy.py) that cuts the connection after N bytes of the requests
(site -> central) or of the answers (central -> site), for many N spread across a whole
first sync of the demo and across later syncs while both sides keep writing. Every cut
`minka sync` fails with a clear message and no traceback; then a clean sync, and both
databases are compared record by record.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from minka.sync.tests.proxy import Attempt, CuttingProxy
from minka.sync.tests.servers import Driver, Server, central_and_site, free_port, prepare

pytestmark = pytest.mark.sync_e2e

# What both sides hold: per travelling model a count and a digest of every record as it
# travels, the ledger's sums per member, and the sync bookkeeping.
DIGEST = """
import hashlib, json
from django.apps import apps
from django.db.models import Count, Sum
from minka.ledger.models import LedgerEntry
from minka.members.models import Organisation
from minka.production.models import Order, Product
from minka.sync import registry
from minka.sync.models import Change, Counter, HeldChange, Peer, SyncLog
from minka.sync.roles import here
from minka.sync.serial import to_json
out = {"models": {}, "ids": {}}
for label in registry.UP:
    model = apps.get_model(label)
    digest, ids = hashlib.sha256(), []
    for obj in model._default_manager.order_by("pk"):
        ids.append(str(obj.pk))
        # A member's personal fields may be kept back by consent: her id travels always.
        data = {} if label == "members.Member" else to_json(obj, {})
        digest.update(json.dumps([str(obj.pk), data], sort_keys=True).encode())
    out["models"][label] = [len(ids), digest.hexdigest()]
    if label in {"learning.Attendance", "ledger.LedgerEntry"}:
        out["ids"][label] = ids
out["ledger"] = {
    str(r["member_id"]): f"{r['total']:.2f}"
    for r in LedgerEntry.objects.values("member_id").annotate(total=Sum("amount"))
}
out["ledger_total"] = f"{LedgerEntry.objects.aggregate(t=Sum('amount'))['t']:.2f}"
out["twice"] = list(
    Change.objects.values("origin", "counter", "record_id").annotate(n=Count("id"))
    .filter(n__gt=1).values_list("origin", "counter")
)
own = Change.objects.filter(origin=here()).values_list("counter", "record_id")
out["own"] = [[c, str(r)] for c, r in own]
applied = Change.objects.exclude(origin=here()).values_list("origin", "counter", "record_id")
out["applied"] = [[o, c, str(r)] for o, c, r in applied]
out["counter"] = Counter.objects.filter(name="local").values_list("value", flat=True).first() or 0
out["peer"] = {p.code: [p.received_upto, p.acked_upto, p.highest_seen] for p in Peer.objects.all()}
out["held"] = HeldChange.objects.count()
out["errors"] = SyncLog.objects.filter(outcome="error").count()
out["org"] = list(Organisation.objects.filter(site="C1").values_list("name", flat=True))
out["product"] = Product.objects.filter(group__code="CAM").order_by("pk").first().name
out["orders_from_central"] = Order.objects.filter(notes__startswith="de la red").count()
print("DIGEST" + json.dumps(out))
"""

SITE_WRITES = """
from decimal import Decimal
from django.utils import timezone
from minka.ledger.services import entry_add
from minka.members.models import Member
from minka.production.models import Product
p = Product.objects.filter(group__code="CAM").order_by("pk").first()
p.name = "Chullo ronda {i}"
p.save()
for m in Member.objects.filter(group__code="CAM").order_by("pk")[:3]:
    entry_add(member=m, kind="earning", amount=Decimal("1.{i:02d}"),
              entry_date=timezone.localdate(), description="ronda {i}")
"""

CENTRAL_WRITES = """
from datetime import date
from decimal import Decimal
from django.contrib.auth.models import User
from minka.members.models import Group, Organisation
from minka.production.models import Buyer
from minka.production.services import order_create
o = Organisation.objects.get(site="C1")
o.name = "Red de Artesanas del Altiplano, ronda {i}"
o.save()
g = Group.objects.get(code="CAM")
order_create(group=g, buyer=Buyer.objects.filter(group=g).order_by("pk").first(),
             currency="PEN", exchange_rate=Decimal(1), deadline=date(2030, 1, 1),
             by=User.objects.get(username="elena"), notes="de la red, ronda {i}")
"""


def digest(server: Driver) -> dict[str, Any]:
    out = server.run(DIGEST)
    return dict(json.loads(out[out.index("DIGEST") + 6 :].strip()))


def sync_through(site: Server | Driver, proxy: CuttingProxy, way: str, n: int) -> Attempt:
    """`minka sync` with the link cut after n bytes one way: a clean failure. The first
    cuts run `minka sync` as its own process; the rest through the site's Driver (the
    same command line in one long-lived process), to keep the test short."""
    attempt = proxy.arm(**{way: n})
    done = site.minka("sync", check=False)
    where = f"cut {way} after {n} B (passed {attempt.connections})"
    assert attempt.cut == way, f"no cut happened: {where}\n{done.stdout}"
    assert done.returncode != 0, f"{where}: the sync claimed success\n{done.stdout}"
    assert "Traceback" not in done.stderr, f"{where}\n{done.stderr}"
    assert "Nada se perdió" in done.stderr, f"{where}\n{done.stderr}"
    return attempt


def test_a_link_cut_at_any_byte_loses_nothing_and_doubles_nothing(
    central_db: str, tmp_path: Path
) -> None:
    central, site = central_and_site(tmp_path, central_db)
    proxy = drivers = None
    try:
        secret = prepare(central, site)
        central.serve(tmp_path / "central.log")
        proxy = CuttingProxy(int(central.url.rsplit(":", 1)[1]), free_port(), lifetime=600)
        site.minka("sync", "enrol", proxy.url, secret)
        cuts = 0

        # The first sync of the whole demo (about 3,700 changes, four requests of ~50 KB):
        # cuts inside the first request and answer, and in the second ones.
        first = sync_through(site, proxy, "down", 0)  # central applies, the answer is lost
        request = first.connections[0][0]
        sync_through(site, proxy, "up", request // 2)
        drivers = here, there = Driver(site), Driver(central)
        for n in (0, 1, 150, request - 1):  # inside the first request
            sync_through(here, proxy, "up", n)
        for n in (1, 500):  # inside the first answer: the status line, the body
            sync_through(here, proxy, "down", n)
        second = sync_through(here, proxy, "up", request + request // 2)  # mid second request
        answer = second.connections[0][1]
        sync_through(here, proxy, "down", 2 * answer - 1)  # the second answer's last byte
        cuts += 10
        proxy.arm()
        assert "Sincronizado" in site.minka("sync").stdout

        # Then both sides keep writing, and every sync is cut somewhere else.
        def writes(i: int) -> None:
            here.run(SITE_WRITES.format(i=i))
            there.run(CENTRAL_WRITES.format(i=i))

        writes(0)
        clean = proxy.arm()
        assert "Sincronizado" in here.minka("sync").stdout
        (request, answer), *_rest = clean.connections
        plan = [("up", n) for n in (0, 1, 60, 100, request // 2, request - 1)]
        plan += [("down", n) for n in (0, 1, 17, 120, answer // 2, answer - 1)]
        for i, (way, n) in enumerate(plan, start=1):
            writes(i)
            sync_through(here, proxy, way, n)
        cuts += len(plan)

        proxy.arm()
        site.minka("sync")
        here.minka("sync")  # the second tells central what the first brought
        mine, theirs = digest(here), digest(there)
    finally:
        if proxy is not None:
            proxy.close()
        for driver in drivers or ():
            driver.close()
        central.stop()

    last = len(plan)
    # Every record arrived exactly once and is the same on both sides.
    private = set(mine["ids"]["learning.Attendance"]) - set(theirs["ids"]["learning.Attendance"])
    assert private and set(theirs["ids"]["learning.Attendance"]) < set(
        mine["ids"]["learning.Attendance"]
    )
    mine["models"].pop("learning.Attendance")
    theirs["models"].pop("learning.Attendance")
    assert mine["models"] == theirs["models"]
    assert mine["ids"]["ledger.LedgerEntry"] == theirs["ids"]["ledger.LedgerEntry"]
    # The ledger sums the same, member by member, with every round's entries in it once.
    assert mine["ledger"] == theirs["ledger"] and mine["ledger_total"] == theirs["ledger_total"]
    # The last writes of each side are on the other; nothing was held as a conflict.
    assert theirs["product"] == mine["product"] == f"Chullo ronda {last}"
    assert mine["org"] == theirs["org"] == [f"Red de Artesanas del Altiplano, ronda {last}"]
    assert mine["orders_from_central"] == theirs["orders_from_central"] == last + 1
    assert theirs["held"] == 0 and mine["held"] == 0
    # No change applied twice, and every change applied is one its origin made.
    assert mine["twice"] == [] and theirs["twice"] == []
    assert {tuple(a[1:]) for a in theirs["applied"] if a[0] == "S1"} <= {
        tuple(o) for o in mine["own"]
    }
    assert {tuple(a[1:]) for a in mine["applied"] if a[0] == "C1"} <= {
        tuple(o) for o in theirs["own"]
    }
    # The counters agree: each side has all of the other's, and knows the other has all.
    assert mine["counter"] == max(c for c, _r in mine["own"])
    assert theirs["peer"]["S1"] == [mine["counter"]] * 3 or theirs["peer"]["S1"][:2] == [
        mine["counter"],
        theirs["counter"],
    ]
    assert mine["peer"]["C1"][:2] == [theirs["counter"], mine["counter"]]
    assert theirs["peer"]["S1"][0] == mine["counter"]  # received all of the site's
    assert theirs["peer"]["S1"][1] == theirs["counter"]  # the site acknowledged all of central's
    # Every cut attempt is in the site's sync log.
    assert mine["errors"] >= cuts
