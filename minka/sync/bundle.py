"""The bundle: what goes from one server to the other, by HTTP or on a USB stick.

    MINKA-SYNC1\n | 64-byte Ed25519 signature | gzip(JSON)

The signature covers the compressed bytes exactly as they travel, so nothing is
decompressed or parsed beyond the header before the sender is known and checked.
"""

import gzip
import hashlib
import json
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from minka.sync import keys

MAGIC = b"MINKA-SYNC1\n"
SIG_LEN = 64
# 2: counts carry members, guests and newcomers; a member's personal fields may be blanked.
FORMAT = 2
MAX_JSON = 256 * 1024 * 1024  # a bundle that inflates past this is refused (a zip bomb)


@cache
def schema_fingerprint() -> str:
    """The migrations this server is at: both ends must be at the same ones."""
    from django.db.migrations.loader import MigrationLoader

    leaves = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).graph.leaf_nodes())
    return hashlib.sha256("\n".join(leaves).encode()).hexdigest()[:16]


@dataclass
class Bundle:
    head: dict[str, Any]
    changes: list[dict[str, Any]]
    users: dict[str, list[str]]
    counts: list[list[Any]]

    @property
    def sender(self) -> str:
        return str(self.head["from"])


def pack(bundle: Bundle, sign: Any = None) -> bytes:
    body = {**bundle.head, "changes": bundle.changes, "users": bundle.users}
    body["counts"] = bundle.counts
    raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    compressed = gzip.compress(raw, compresslevel=9, mtime=0)
    return MAGIC + (sign or keys.sign)(compressed) + compressed


def _bad(message: str) -> ValidationError:
    return ValidationError(message, code="bad")


def unpack(data: bytes) -> tuple[Bundle, bytes, bytes]:
    """Read a bundle without trusting it yet: (bundle, signature, signed bytes)."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + SIG_LEN + 10:
        raise _bad(_("El archivo no es un paquete de sincronización de Minka, o está cortado."))
    signature = data[len(MAGIC) : len(MAGIC) + SIG_LEN]
    compressed = data[len(MAGIC) + SIG_LEN :]
    try:
        inflater = zlib.decompressobj(wbits=31)
        raw = inflater.decompress(compressed, MAX_JSON)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("truncated or too big")
        body = json.loads(raw)
        head = {k: v for k, v in body.items() if k not in {"changes", "users", "counts"}}
        bundle = Bundle(head, body["changes"], body["users"], body["counts"])
        _check_shape(bundle)
    except (
        ValueError,
        KeyError,
        TypeError,
        zlib.error,
        EOFError,
        AttributeError,
        RecursionError,
    ) as exc:
        raise _bad(_("El archivo está dañado o incompleto; no se aplicó nada.")) from exc
    return bundle, signature, compressed


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def _check_shape(bundle: Bundle) -> None:
    """The envelope's keys have the types the format says (a signed bundle from a faulty
    or hostile peer is still read with care; entries are checked as they are applied)."""
    head = bundle.head
    for key in ("from", "to"):
        code = head[key]
        if not (isinstance(code, str) and code.isascii() and code.isalnum() and len(code) <= 8):
            raise ValueError(f"bad {key}")
    numbers = [head["seq"], head["format"], head.get("ack", 0), head.get("floor", 0)]
    span = head.get("range", [0, 0])
    if not isinstance(span, list) or len(span) != 2:
        raise ValueError("bad range")
    if not all(_whole(n) for n in [*numbers, *span]):
        raise ValueError("bad number")
    if not isinstance(head.get("org", ""), str) or not isinstance(head.get("schema", ""), str):
        raise ValueError("bad org or schema")
    if not isinstance(bundle.users, dict) or not isinstance(bundle.counts, list):
        raise ValueError("bad users or counts")
    if not isinstance(bundle.changes, list) or not all(isinstance(e, dict) for e in bundle.changes):
        raise ValueError("bad changes")


def check(bundle: Bundle, signature: bytes, signed: bytes, *, public_key: str, me: str) -> None:
    """Everything about a bundle that can be checked before touching the database."""
    if not keys.verify(public_key, signature, signed):
        raise _bad(_("La firma del paquete no es válida: no viene del servidor que dice."))
    if bundle.head["to"] != me:
        raise _bad(
            _("Este paquete es para %(to)s, no para este servidor (%(me)s).")
            % {"to": bundle.head["to"], "me": me}
        )
    if bundle.head["format"] != FORMAT or bundle.head.get("schema") != schema_fingerprint():
        raise _bad(
            _(
                "El paquete viene de otra versión de Minka (su base de datos tiene otra "
                "forma). Actualice Minka en los dos servidores a la misma versión."
            )
        )
