"""A central server in the test database, and a site key to sign bundles with."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from minka.conftest import World
from minka.sync import bundle as bundles
from minka.sync.models import Peer
from minka.sync.serial import to_json


@dataclass
class Central:
    world: World
    peer: Peer
    key: Ed25519PrivateKey
    seq: int = 0

    def bundle(
        self,
        changes: list[dict[str, Any]],
        key: Any = None,
        counts: list[list[Any]] | None = None,
        **head: Any,
    ) -> bytes:
        self.seq += 1
        top = max([int(c["c"]) for c in changes], default=self.peer.received_upto)
        made = bundles.Bundle(
            head={
                "format": bundles.FORMAT,
                "schema": bundles.schema_fingerprint(),
                "from": "S1",
                "to": "C1",
                "org": str(self.peer.organisation_id),
                "seq": self.seq,
                "made_at": timezone.now().isoformat(),
                "range": [self.peer.received_upto, top],
                "ack": 0,
                "floor": 0,
                "more": False,
                **head,
            },
            changes=changes,
            users={},
            counts=counts or [],
        )
        return bundles.pack(made, sign=(key or self.key).sign)

    def new_member(self, counter: int, first_name: str, number: int) -> dict[str, Any]:
        """A change of the site: a member made there."""
        data = to_json(self.world.maria, {})
        data.update(first_name=first_name, number=number, site="S1")
        return {
            "m": "members.Member",
            "id": str(uuid.uuid4()),
            "c": counter,
            "o": "S1",
            "t": timezone.now().isoformat(),
            "d": data,
        }


@pytest.fixture
def central(world: World, settings: Any, tmp_path: Any) -> Central:
    settings.MINKA_ROLE = "central"
    settings.MINKA_SITE_CODE = "C1"
    settings.DATA_DIR = tmp_path
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    peer = Peer.objects.create(
        code="S1",
        organisation=world.org,
        group_codes=["CAM", "JUL"],
        public_key=public.hex(),
        enrolled_at=timezone.now(),
    )
    return Central(world, peer, key)


@pytest.fixture
def central_db() -> Iterator[str]:
    """An empty PostgreSQL database for a real central server (see servers.py)."""
    from minka.sync.tests.servers import DB, fresh_pg_database

    with fresh_pg_database(DB) as url:
        yield url
