"""A site syncing with central by HTTP: push what central lacks, pull what is new, in
gzipped signed batches, until both sides are even. Safe to cut at any byte."""

import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from minka.sync.bundle import unpack
from minka.sync.enrol import central_peer
from minka.sync.models import Peer
from minka.sync.services import bundle_for, bundle_read, log

MAX_ROUNDS = 50


@dataclass
class Result:
    sent: int = 0
    applied: int = 0
    held: int = 0
    requests: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    unfinished: bool = False


def _url(peer: Peer) -> str:
    return peer.url or str(settings.MINKA_CENTRAL_URL)


def sync_now(max_seconds: float | None = None) -> Result:
    """Raises ValidationError (logged) with a message for the person at the site.
    With max_seconds (a page's button), no new batch starts after that long; the rest
    goes with the next press or the timer, and nothing is lost either way."""
    started = time.monotonic()
    peer = central_peer()
    if peer is None:
        raise ValidationError(_("Este sitio aún no está inscrito en el servidor central."))
    url = _url(peer)
    if not url:
        raise ValidationError(
            _("No hay dirección del servidor central: sincronice con un archivo USB.")
        )
    result = Result()
    for _round in range(MAX_ROUNDS):
        if max_seconds is not None and result.requests and time.monotonic() - started > max_seconds:
            result.unfinished = True
            break
        data, count, more = bundle_for(peer)
        request = urllib.request.Request(
            f"{url}/sync/api/exchange",
            data=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        result.requests += 1
        result.bytes_up += len(data)
        try:
            with urllib.request.urlopen(request, timeout=settings.MINKA_SYNC_TIMEOUT) as response:
                answer = response.read()
        except urllib.error.HTTPError as exc:
            try:
                refusal = json.loads(exc.read())
                message = str(refusal["error"])
            except (ValueError, KeyError, OSError):
                refusal, message = (
                    {},
                    _("El central respondió con un error (%(code)s).") % {"code": exc.code},
                )
            if refusal.get("code") == "gap":
                # Central lost changes it had acknowledged (restored from a backup):
                # send again from where it really is.
                peer.acked_upto = int(refusal["received_upto"])
                peer.save(update_fields=["acked_upto"])
                continue
            log(peer.code, "http", error=message)
            raise ValidationError(message) from exc
        except (OSError, ValueError, http.client.HTTPException) as exc:
            # No link, or one cut at any byte: a half-sent request, a half-read answer
            # (IncompleteRead), a cut status line (BadStatusLine).
            message = _(
                "No hay conexión con el servidor central; se intentará otra vez más tarde. "
                "Nada se perdió."
            )
            log(peer.code, "http", error=message)
            raise ValidationError(message, code="offline") from exc
        try:
            more_there = bool(unpack(answer)[0].head.get("more"))
        except ValidationError as exc:
            # An answer cut inside its headers arrives "whole" but short: nothing of it
            # is applied, and what central applied is acknowledged by the next answer.
            message = _(
                "La conexión con el servidor central se cortó a medio camino; se intentará "
                "otra vez más tarde. Nada se perdió."
            )
            log(peer.code, "http", error=message)
            raise ValidationError(message, code="offline") from exc
        result.bytes_down += len(answer)
        result.sent += count
        peer, outcome = bundle_read(answer, way="http")
        result.applied += outcome.applied
        result.held += outcome.held
        if not more and not more_there:
            break
    return result
