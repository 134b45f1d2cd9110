"""Who may change a record: the site that holds its group, or, for a record of the whole
organisation, the server that made it. The other side sees it read-only."""

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from minka.sync import registry
from minka.sync.models import Change, Peer
from minka.sync.roles import here, is_central


@dataclass(frozen=True)
class LastChange:
    site: str
    at: datetime

    def __str__(self) -> str:
        when = formats.date_format(timezone.localtime(self.at), "SHORT_DATETIME_FORMAT")
        return _("en %(site)s, el %(when)s") % {"site": self.site, "when": when}


def last_change(label: str, record_id: Any) -> LastChange | None:
    change = Change.objects.filter(model=label, record_id=record_id).order_by("-id").first()
    return LastChange(change.origin, change.changed_at) if change else None


def holder_of_group(group_id: uuid.UUID | None) -> str:
    """The code of the server that holds a group: its site, or this server."""
    from minka.members.models import Group

    if group_id is None:
        return here()
    code = Group.objects.filter(pk=group_id).values_list("code", flat=True).first()
    if code is None:
        return here()
    return holder_of_code(code)


_peers: tuple[float, list[tuple[str, list[str]]]] | None = None
PEERS_TTL = 30.0


def clear_peer_cache(**kwargs: Any) -> None:
    global _peers
    _peers = None


def _enrolled(cached: bool) -> list[tuple[str, list[str]]]:
    """The enrolled peers and their groups. Pages may use a copy up to 30 s old (kept
    per process, dropped when a peer is saved here); the save path always asks."""
    global _peers
    now = time.monotonic()
    if cached and _peers is not None and now - _peers[0] < PEERS_TTL:
        return _peers[1]
    rows = [
        (p.code, list(p.group_codes))
        for p in Peer.objects.exclude(enrolled_at=None).order_by("code")
    ]
    _peers = (now, rows)
    return rows


def holder_of_code(code: str, *, cached: bool = False) -> str:
    peers = _enrolled(cached)
    if is_central():
        for peer_code, codes in peers:
            if code in codes:
                return peer_code
        return here()
    if not peers or code in peers[0][1]:
        return here()
    return peers[0][0]


def held_by(group: Any) -> str:
    """On central: the site that holds a group ("" when central holds it). A site holds
    every group it has (central sends it no other)."""
    if not is_central():
        return ""
    holder = holder_of_code(group.code, cached=True)
    return "" if holder == here() else holder


def held_message(group: Any, holder: str) -> str:
    """The read-only sentence for a group held elsewhere, with its last change here."""
    last = Change.objects.filter(group_id=group.pk).exclude(origin=here()).order_by("-id").first()
    text = _("Este grupo se administra en %(site)s: aquí se ve una copia de solo lectura.") % {
        "site": holder
    }
    if last is not None:
        text += " " + _("Último cambio recibido: %(last)s.") % {
            "last": LastChange(last.origin, last.changed_at)
        }
    return text


def owner_of(obj: Any) -> str:
    label = obj._meta.label
    path = registry.UP.get(label)
    if path is not None:
        from minka.sync.changes import walk

        try:
            group_id = walk(obj, path)
        except ObjectDoesNotExist:
            return here()
        return holder_of_group(group_id)
    if label in registry.DOWN:
        return str(obj.site)
    return here()


def check_owner(obj: Any) -> None:
    """Refuse a change to a record that belongs to another server."""
    from minka.sync.changes import _applying

    label = obj._meta.label
    if _applying.get() or not registry.travels(label):
        return
    owner = owner_of(obj)
    if owner == here():
        return
    last = last_change(label, obj.pk)
    message = _(
        "Este registro pertenece a %(owner)s y solo se puede cambiar allí; aquí se ve "
        "como copia de solo lectura."
    ) % {"owner": owner}
    if last is not None:
        message += " " + _("Último cambio: %(last)s.") % {"last": last}
    raise ValidationError(message)
