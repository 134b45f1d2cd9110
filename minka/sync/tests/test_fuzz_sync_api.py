"""Every sync endpoint of central, fed junk by hypothesis through the web layer: truncated
and corrupted bundles, wrong signatures, well-signed bundles of the wrong shape, random
JSON, replayed requests. Never a server error; a refused bundle changes nothing (every
travelling table, the change log and the link's counters are as before), answers with a
clear message and leaves an error in the sync log.

The figures (examples tried, refusals) are printed; see BENCHMARKS.md.
"""

import gzip
import json
import os
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minka.sync import bundle as bundles
from minka.sync import registry
from minka.sync.models import Change, HeldChange, Peer, SyncLog

pytestmark = pytest.mark.django_db

# CI runs 60 examples per endpoint (about 25 s in all); MINKA_FUZZ_EXAMPLES runs more.
EXAMPLES = int(os.environ.get("MINKA_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
TALLY = {"examples": 0, "refused": 0, "applied": 0, "replayed": 0, "files": 0, "enrol": 0}


def state() -> tuple[Any, ...]:
    """Everything a bundle could change: each travelling table, the logs, the link."""
    tables = tuple(
        apps.get_model(label)._default_manager.count() for label in sorted(registry.TRAVELS)
    )
    extra = (Change.objects.count(), HeldChange.objects.count())
    from minka.learning.models import SensitiveCount

    peer = Peer.objects.values_list(
        "received_upto", "acked_upto", "last_bundle_in", "highest_seen"
    ).get(code="S1")
    return (*tables, *extra, SensitiveCount.objects.count(), peer)


class Site:
    """Makes bundles the way site S1 would, signed with its key (or another)."""

    def __init__(self, central: Any) -> None:
        self.central = central
        self.counter = 0

    def body(self, changes: int = 1) -> dict[str, Any]:
        peer = Peer.objects.get(code="S1")
        entries = []
        for _ in range(changes):
            self.counter = max(self.counter, peer.received_upto) + 1
            entry = self.central.new_member(self.counter, "Fuzz", 100 + self.counter)
            entries.append(entry)
        return {
            "format": bundles.FORMAT,
            "schema": bundles.schema_fingerprint(),
            "from": "S1",
            "to": "C1",
            "org": str(peer.organisation_id),
            "seq": peer.last_bundle_in + 1,
            "made_at": timezone.now().isoformat(),
            "range": [peer.received_upto, self.counter],
            "ack": 0,
            "floor": 0,
            "more": False,
            "changes": entries,
            "users": {},
            "counts": [],
        }

    def sign(self, raw: bytes, key: Ed25519PrivateKey | None = None) -> bytes:
        compressed = gzip.compress(raw, mtime=0)
        return bundles.MAGIC + (key or self.central.key).sign(compressed) + compressed

    def pack(self, body: Any, key: Ed25519PrivateKey | None = None) -> bytes:
        return self.sign(json.dumps(body, default=str).encode(), key)


@st.composite
def bad_bundles(draw: st.DrawFn, site: Site) -> bytes:
    good = site.pack(site.body())
    kind = draw(
        st.sampled_from(
            ["truncate", "flip", "wrong_key", "bytes", "head", "entry", "body", "not_json"]
        )
    )
    # Positions are drawn independently of the bundle's length (which varies with the
    # ids and counters in it), so hypothesis can replay an example.
    if kind == "truncate":
        return good[: draw(st.integers(0, 10**6)) % len(good)]
    if kind == "flip":
        at = draw(st.integers(0, 10**6)) % len(good)
        return good[:at] + bytes([good[at] ^ draw(st.integers(1, 255))]) + good[at + 1 :]
    if kind == "wrong_key":
        return site.pack(site.body(), key=Ed25519PrivateKey.generate())
    if kind == "bytes":
        prefix = draw(st.sampled_from([b"", bundles.MAGIC]))
        return prefix + draw(st.binary(max_size=300))
    if kind == "not_json":
        return site.sign(draw(st.binary(max_size=200)))
    body = site.body(changes=draw(st.integers(0, 2)))
    if kind == "head":
        key = draw(st.sampled_from(sorted(body)))
        body[key] = draw(JSON)
    elif kind == "entry" and body["changes"]:
        entry = body["changes"][0]
        key = draw(st.sampled_from(["m", "id", "c", "o", "t", "d", "b"]))
        entry[key] = draw(JSON | st.sampled_from(sorted(registry.TRAVELS)))
        # (A record's data may be an empty dict: there is then no field to spoil.)
        if isinstance(entry.get("d"), dict) and entry["d"] and draw(st.booleans()):
            field = draw(st.sampled_from(sorted(entry["d"])))
            entry["d"][field] = draw(JSON)
    else:
        body = draw(JSON)
    return site.pack(body)


def refused_cleanly(before: tuple[Any, ...], logs: int, message: str) -> None:
    assert message.strip() and "Traceback" not in message, message
    assert state() == before, f"a refused bundle changed something: {message}"
    assert SyncLog.objects.count() == logs + 1
    last = SyncLog.objects.order_by("-id").first()
    assert last is not None and last.outcome == SyncLog.Outcome.ERROR and last.message


def test_the_exchange_endpoint_survives_junk(central) -> None:
    site = Site(central)
    client = Client()

    @FUZZ
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        sent = data.draw(bad_bundles(site), label="bundle")
        before, logs = state(), SyncLog.objects.count()
        answer = client.post(
            reverse("sync_api_exchange"), sent, content_type="application/octet-stream"
        )
        TALLY["examples"] += 1
        assert answer.status_code < 500, sent[:200]
        if answer.status_code == 200:
            TALLY["applied"] += 1
            assert answer.content.startswith(bundles.MAGIC)
            return
        TALLY["refused"] += 1
        assert answer.status_code in {400, 403, 409}
        refused_cleanly(before, logs, answer.json()["error"])

    one()
    assert TALLY["refused"] > EXAMPLES // 2
    print(f"sync API fuzz: {TALLY}")


def test_a_replayed_request_is_refused_every_time(central) -> None:
    site = Site(central)
    client = Client()
    url = reverse("sync_api_exchange")

    @settings(FUZZ, max_examples=max(15, EXAMPLES // 4))
    @given(changes=st.integers(0, 3), again=st.integers(1, 3))
    def one(changes: int, again: int) -> None:
        sent = site.pack(site.body(changes))
        first = client.post(url, sent, content_type="application/octet-stream")
        assert first.status_code == 200
        for _ in range(again):
            before, logs = state(), SyncLog.objects.count()
            replay = client.post(url, sent, content_type="application/octet-stream")
            TALLY["replayed"] += 1
            assert replay.status_code == 403
            refused_cleanly(before, logs, replay.json()["error"])

    one()


def test_the_file_reader_survives_junk(central) -> None:
    site = Site(central)
    sofia = central.world.client_for(central.world.sofia)

    @settings(FUZZ, max_examples=max(30, EXAMPLES // 2))
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        sent = data.draw(bad_bundles(site), label="file")
        before, logs = state(), SyncLog.objects.count()
        upload = SimpleUploadedFile("minka-S1-C1-000001.mks", sent)
        answer = sofia.post(reverse("sync_file_in"), {"file": upload}, follow=True)
        TALLY["files"] += 1
        assert answer.status_code == 200
        shown = [str(m) for m in answer.context["messages"]]
        if state() != before:
            return  # a bundle that happened to be well-formed and applied
        assert shown, "the page says what happened"
        if not sent:
            return  # an empty upload is a form error: nothing to log
        refused_cleanly(before, logs, " ".join(shown))

    one()


def test_the_enrol_endpoint_survives_junk(central) -> None:
    client = Client()

    @FUZZ
    @given(
        body=JSON
        | st.fixed_dictionaries(
            {"code": JSON | st.just("S1"), "secret": JSON, "public_key": JSON | st.text()}
        ),
        raw=st.booleans(),
    )
    def one(body: Any, raw: bool) -> None:
        payload = json.dumps(body).encode()[:-1] if raw else json.dumps(body)
        before = state()
        answer = client.post(reverse("sync_api_enrol"), payload, content_type="application/json")
        TALLY["enrol"] += 1
        assert answer.status_code in {400, 403}, answer.content[:200]
        assert answer.json()["error"].strip()
        assert state() == before
        assert Peer.objects.get(code="S1").public_key == central.peer.public_key

    one()
    print(f"sync API fuzz: {TALLY}")


def test_every_sync_address_refuses_a_get_and_an_outsider(central) -> None:
    maria = central.world.client_for(central.world.maria_user)
    for name, args in [
        ("sync_api_exchange", []),
        ("sync_api_enrol", []),
        ("sync_now", []),
        ("sync_file_out", []),
        ("sync_file_in", []),
        ("sync_register_site", []),
        ("sync_enrol", []),
        ("sync_held_resolve", [1]),
    ]:
        url = reverse(name, args=args)
        assert Client().get(url).status_code in {302, 405}, name
        # The two API addresses answer anyone (a bundle proves who sent it), with a refusal.
        assert maria.post(url, {"x": str(uuid.uuid4())}).status_code in {400, 403, 404}, name
