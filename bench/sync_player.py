"""The parts of bench/sync_sites.py that run inside Django: on the source database (the
generated federation, playing its sites), and on central (seeding it, checking it).

Each function is called in a process whose settings point at one database; see
bench/sync_sites.py for what is real and what is emulated.
"""

import json
import time
import urllib.error
import urllib.request
from typing import Any

LOG_CHUNK = 25  # groups whose change logs are made by one statement


def _site_logs(groups: list[tuple[Any, str]]) -> None:
    """Each site's change log as `minka sync rebuild-log` makes it on a site that never
    synced: one change per travelling record of its group, counters 1, 2, 3 ... of that
    site, parents first. One INSERT ... SELECT for many sites at once."""
    from django.apps import apps
    from django.db import connection
    from django.db.models import F

    from minka.sync import registry

    rank = registry.dependency_rank()
    ids = [g for g, _site in groups]
    parts, params = [], []
    for label, path in registry.UP.items():
        model = apps.get_model(label)
        key = path or "pk"
        rows = (
            model._base_manager.filter(**{f"{key}__in": ids})
            .annotate(bench_group=F(key))
            .values_list("pk", "bench_group")
            .order_by()
        )
        sql, args = rows.query.sql_with_params()
        parts.append(f"SELECT %s, %s, sub.rid, sub.gid FROM ({sql}) AS sub(rid, gid)")
        params += [label, rank[label], *args]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sync_change WHERE origin = ANY(%s)", [[s for _g, s in groups]])
        cursor.execute(
            "INSERT INTO sync_change (origin, counter, model, record_id, deleted, base_origin,"
            " changed_at) SELECT g.site, row_number() OVER (PARTITION BY r.gid ORDER BY"
            " r.rank, r.model, r.rid), r.model, r.rid, false, '', now() FROM ("
            + " UNION ALL ".join(parts)
            + ") AS r(model, rank, rid, gid) JOIN members_group g ON g.id = r.gid",
            params,
        )


def prepare_source(sites: int) -> dict[str, Any]:
    """On the source: the first `sites` groups, each site's change log (made once and kept
    for the next run), and what central must hold afterwards."""
    from django.db import transaction
    from django.db.models import Max, Sum

    from minka.learning.models import Attendance, TrainingSession
    from minka.ledger.models import LedgerEntry
    from minka.members.models import Group, Organisation, Technique
    from minka.sync import registry
    from minka.sync.models import Change, Counter
    from minka.sync.serial import to_json

    started = time.perf_counter()
    groups = list(Group.objects.order_by("created_at", "code").values_list("pk", "code", "site"))
    groups = groups[:sites]
    done = set(Counter.objects.filter(name__startswith="bench-").values_list("name", flat=True))
    todo = [(pk, site) for pk, _code, site in groups if f"bench-{site}" not in done]
    for at in range(0, len(todo), LOG_CHUNK):
        chunk = todo[at : at + LOG_CHUNK]
        with transaction.atomic():
            _site_logs(chunk)
            counts = dict(
                Change.objects.filter(origin__in=[s for _g, s in chunk])
                .values("origin")
                .annotate(n=Max("counter"))
                .values_list("origin", "n")
            )
            Counter.objects.bulk_create(
                [Counter(name=f"bench-{site}", value=counts.get(site, 0)) for _g, site in chunk]
            )
            top = max([*counts.values(), 0])
            local, _made = Counter.objects.get_or_create(name="local")
            if local.value < top:
                local.value = top
                local.save()
    logs_seconds = time.perf_counter() - started
    ids = [pk for pk, _code, _site in groups]
    expected: dict[str, int] = {}
    from django.apps import apps

    for label, path in registry.UP.items():
        rows = apps.get_model(label)._base_manager.filter(**{f"{path or 'pk'}__in": ids})
        expected[label] = rows.count()
    # Attendance of a sensitive training stays on the site (its counts travel instead).
    expected["learning.Attendance"] -= Attendance.objects.filter(
        session__training__group_id__in=ids, session__training__sensitive=True
    ).count()
    sums = LedgerEntry.objects.filter(group_id__in=ids).values("group__code")
    org = Organisation.objects.get(pk=Group.objects.get(pk=ids[0]).organisation_id)
    users: dict[str, Any] = {}
    logged = dict(
        Counter.objects.filter(name__in=[f"bench-{s}" for _p, _c, s in groups]).values_list(
            "name", "value"
        )
    )
    return {
        "sites": [{"site": s, "group": c, "changes": logged[f"bench-{s}"]} for _p, c, s in groups],
        "logs_made": len(todo),
        "logs_seconds": round(logs_seconds, 1),
        "expected": expected,
        "sensitive_sessions": TrainingSession.objects.filter(
            training__group_id__in=ids, training__sensitive=True
        ).count(),
        "ledger": {
            code: f"{total:.2f}"
            for code, total in sums.annotate(t=Sum("amount")).values_list("group__code", "t")
        },
        "organisation": {"id": str(org.pk), **to_json(org, users)},
        "techniques": {str(t.pk): to_json(t, users) for t in Technique.objects.all()},
    }


def seed_central(source: dict[str, Any]) -> dict[str, str]:
    """On a fresh central: the organisation and techniques the sites point to (central's
    own, with the source's ids), and every site registered. Returns the secrets."""
    from minka.sync.inbox import write
    from minka.sync.services import site_register

    org = dict(source["organisation"])
    write("members.Organisation", org.pop("id"), org, {})
    for pk, data in source["techniques"].items():
        write("members.Technique", pk, data, {})
    secrets = {}
    for s in source["sites"]:
        _peer, secrets[s["site"]] = site_register(
            code=s["site"], name=s["site"], group_codes=[s["group"]]
        )
    return secrets


def check_central() -> dict[str, Any]:
    from django.apps import apps
    from django.db.models import Sum

    from minka.learning.models import SensitiveCount
    from minka.ledger.models import LedgerEntry
    from minka.ledger.totals import drift
    from minka.members.models import Group
    from minka.sync import registry
    from minka.sync.models import HeldChange, Peer, SyncLog

    sums = LedgerEntry.objects.values("group__code").annotate(t=Sum("amount"))
    return {
        "counts": {label: apps.get_model(label)._base_manager.count() for label in registry.UP},
        "ledger": {code: f"{t:.2f}" for code, t in sums.values_list("group__code", "t")},
        "month_totals_off": len(drift(Group.objects.values_list("pk", flat=True))),
        "sensitive_counts": SensitiveCount.objects.count(),
        "held": HeldChange.objects.count(),
        "received": dict(Peer.objects.values_list("code", "received_upto")),
        "errors": list(
            SyncLog.objects.filter(outcome="error").values_list("message", flat=True)[:20]
        ),
    }


# The player: one process plays one site at a time.


def init(env: dict[str, str]) -> None:
    import os

    import django

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")
    django.setup()


def _post(url: str, data: bytes, kind: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": kind})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return bytes(response.read())


def play(task: dict[str, Any]) -> dict[str, Any]:
    """Be site `task['site']`: enrol with its own new key, then push its whole change log
    in bundles made by the real outbox and signed by that key, as `minka sync` does."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.db import connection

    from minka.sync import bundle as bundles
    from minka.sync.models import Peer
    from minka.sync.outbox import BATCH, build

    site, url, timeout = task["site"], task["url"], float(task["timeout"])
    out: dict[str, Any] = {"site": site, "requests": 0, "bytes_up": 0, "bytes_down": 0,
                           "changes_sent": 0, "changes_down": 0, "error": ""}  # fmt: skip
    started = time.perf_counter()
    out["began"] = time.time()
    peer: Peer | None = None
    settings.MINKA_SITE_CODE = site  # here() for the outbox: this process is that site now
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    try:
        body = {"code": site, "secret": task["secret"], "public_key": public.hex()}
        answer = json.loads(
            _post(f"{url}/sync/api/enrol", json.dumps(body).encode(), "application/json", timeout)
        )
        peer = Peer(
            code=answer["central"],
            organisation_id=answer["organisation"]["id"],
            group_codes=answer["groups"],
            public_key=answer["public_key"],
        )
        for seq in range(1, 100_000):
            if time.time() > task["deadline"]:
                out["error"] = "time cap reached"
                break
            made, count = build(peer, seq, limit=task["batch"] or BATCH)
            data = bundles.pack(made, sign=key.sign)
            reply = _post(f"{url}/sync/api/exchange", data, "application/octet-stream", timeout)
            got, signature, signed = bundles.unpack(reply)
            bundles.check(got, signature, signed, public_key=peer.public_key, me=site)
            out["requests"] += 1
            out["bytes_up"] += len(data)
            out["bytes_down"] += len(reply)
            out["changes_sent"] += count
            out["changes_down"] += len(got.changes)
            # What the site's inbox would note from central's answer (its changes for
            # the site are not applied: the source is shared by every played site).
            peer.acked_upto = int(got.head["ack"])
            end = int(got.head["range"][1])
            peer.received_upto = max(peer.received_upto, end)
            peer.highest_seen = max(peer.highest_seen, end)
            if not made.head["more"] and not got.head.get("more"):
                break
    except urllib.error.HTTPError as exc:
        out["error"] = f"HTTP {exc.code}: {exc.read()[:300]!r}"
    except (OSError, ValidationError, ValueError, KeyError) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        connection.close()
    out["acked"] = peer.acked_upto if peer is not None else 0
    out["seconds"] = round(time.perf_counter() - started, 2)
    out["ended"] = time.time()
    return out
