"""This server's Ed25519 key pair: made on first use, the private half kept in
MINKA_DATA_DIR/sync_key (mode 600). Only the public half ever leaves the server."""

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings


def _key_file() -> Path:
    return Path(settings.DATA_DIR) / "sync_key"


def private_key() -> Ed25519PrivateKey:
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        # Several workers may make a key at the same moment (the first enrolments of a
        # new central): the first to link its whole file wins, and every one reads it.
        tmp = path.with_name(f"sync_key.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(raw)
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # never replaces a key already there
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return Ed25519PrivateKey.from_private_bytes(path.read_bytes())


def public_key_hex() -> str:
    raw = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return raw.hex()


def sign(data: bytes) -> bytes:
    return private_key().sign(data)


def verify(public_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
