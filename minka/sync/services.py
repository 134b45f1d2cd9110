"""Sync's writes: registering and enrolling sites, reading a bundle, making one."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.sync import bundle as bundles
from minka.sync.inbox import Outcome, apply_bundle
from minka.sync.models import Counter, Peer, SyncLog
from minka.sync.outbox import BATCH, build
from minka.sync.roles import here, is_central

SECRET_HOURS = 72


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def log(
    peer_code: str, way: str, *, error: str = "", out: Outcome | None = None, sent: int = 0
) -> SyncLog:
    # What a refused bundle claims is not trusted: no NUL (PostgreSQL refuses it), a
    # plain code, a message of a sensible length.
    code = "".join(c for c in str(peer_code) if c.isascii() and c.isalnum())[:8]
    return SyncLog.objects.create(
        peer_code=code,
        way=way,
        outcome=SyncLog.Outcome.ERROR if error else SyncLog.Outcome.OK,
        message=error.replace("\x00", "")[:2000],
        applied=out.applied if out else 0,
        held=out.held if out else 0,
        sent=sent,
    )


def site_register(*, code: str, name: str, group_codes: list[str]) -> tuple[Peer, str]:
    """On central: register a site (or give it a new secret). Returns the one-time secret."""
    # The groups need not exist here yet: a group a site made arrives with its first sync.
    from minka.members.models import Organisation

    if not is_central():
        raise ValidationError(_("Solo el servidor central registra sitios."))
    code = code.strip().upper()
    if not code.isalnum() or len(code) > 8 or code == here():
        raise ValidationError(_("El código del sitio debe tener de 1 a 8 letras o números."))
    codes = sorted({c.strip().upper() for c in group_codes if c.strip()})
    if not codes:
        raise ValidationError(_("Indique al menos un grupo del sitio."))
    taken = [p.code for p in Peer.objects.exclude(code=code) if set(p.group_codes) & set(codes)]
    if taken:
        raise ValidationError(
            _("Ese grupo ya es de otro sitio (%(sites)s).") % {"sites": ", ".join(taken)}
        )
    org = Organisation.objects.filter(site=here()).order_by("created_at").first()
    if org is None:
        org = Organisation.objects.order_by("created_at").first()
    if org is None:
        raise ValidationError(_("Cree primero la organización en el servidor central."))
    # Copied by hand to the site's form or command line: letters and digits only (a
    # secret of token_urlsafe could begin with "-", which the command line takes for an
    # option); 128 bits.
    secret = secrets.token_hex(16)
    with transaction.atomic():
        peer, _made = Peer.objects.get_or_create(code=code, defaults={"organisation": org})
        peer.name = name or peer.name
        peer.group_codes = codes
        peer.organisation = org
        peer.secret_hash = _hash(secret)
        peer.secret_expires = timezone.now() + timedelta(hours=SECRET_HOURS)
        peer.save()
    return peer, secret


def enrol_accept(*, code: str, secret: str, public_key: str) -> dict[str, Any]:
    """On central: a site presents its one-time secret and its public key."""
    from minka.members.models import Technique
    from minka.sync import keys
    from minka.sync.serial import to_json

    code = str(code).upper()
    peer = Peer.objects.filter(code=code).first() if code.isalnum() and code.isascii() else None
    if peer is None:
        raise ValidationError(_("Ese sitio no está registrado en el servidor central."))
    if not peer.secret_hash or not secrets.compare_digest(peer.secret_hash, _hash(secret)):
        raise ValidationError(_("La clave de inscripción no es válida o ya se usó."))
    if peer.secret_expires is None or peer.secret_expires < timezone.now():
        raise ValidationError(
            _("La clave de inscripción venció; pida una nueva en el servidor central.")
        )
    try:
        bytes.fromhex(public_key)
        assert len(public_key) == 64
    except (ValueError, AssertionError) as exc:
        raise ValidationError(_("La clave pública del sitio no es válida.")) from exc
    peer.public_key = public_key
    peer.secret_hash = ""
    peer.enrolled_at = timezone.now()
    peer.save()
    assert peer.organisation is not None
    users: dict[str, list[str]] = {}
    return {
        "central": here(),
        "public_key": keys.public_key_hex(),
        "groups": peer.group_codes,
        "organisation": {"id": str(peer.organisation.pk), **to_json(peer.organisation, users)},
        "techniques": {
            t.name: str(t.pk) for t in Technique.objects.filter(site=here()).order_by("name")
        },
        "schema": bundles.schema_fingerprint(),
    }


def next_seq() -> int:
    with transaction.atomic():
        row, _made = Counter.objects.select_for_update().get_or_create(name="bundle")
        row.value += 1
        row.save(update_fields=["value"])
    return row.value


def bundle_for(peer: Peer, limit: int | None = BATCH) -> tuple[bytes, int, bool]:
    """A signed bundle of what the peer has not acknowledged: (bytes, changes, more).
    A file for the USB stick has no limit: it must carry everything."""
    made, count = build(peer, next_seq(), limit=limit)
    return bundles.pack(made), count, bool(made.head["more"])


def bundle_read(data: bytes, *, way: str) -> tuple[Peer, Outcome]:
    """Check and apply a bundle from a peer. Refusals are logged and raised."""
    sender = ""
    try:
        made, signature, signed = bundles.unpack(data)
        sender = made.sender
        peer = Peer.objects.filter(code=sender).exclude(public_key="").first()
        if peer is None:
            raise ValidationError(
                _("El paquete viene de %(site)s, que no está inscrito aquí.") % {"site": sender},
                code="unknown",
            )
        bundles.check(made, signature, signed, public_key=peer.public_key, me=here())
        out = apply_bundle(peer.code, made)
    except ValidationError as exc:
        log(sender, way, error=" ".join(exc.messages))
        raise
    peer.refresh_from_db()
    log(peer.code, way, out=out)
    return peer, out
