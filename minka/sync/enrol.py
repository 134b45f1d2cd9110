"""A site joins central: it shows its one-time secret and its public key, receives
central's key, and takes central's organisation and techniques as its own."""

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.sync import keys
from minka.sync.inbox import write
from minka.sync.models import Peer
from minka.sync.roles import here, is_central
from minka.sync.services import log


def _adopt(answer: dict[str, Any]) -> None:
    """Point this site's groups at central's organisation, and its techniques at
    central's techniques of the same name, so both servers use the same ids."""
    import contextlib

    from django.db.models import ProtectedError

    from minka.members.models import Group, Organisation, OrganisationStaff, Technique

    org = dict(answer["organisation"])
    org_id = org.pop("id")
    if not Organisation.objects.filter(pk=org_id).exists():
        write("members.Organisation", org_id, org, {})
    central_org = Organisation.objects.get(pk=org_id)
    old_orgs = set()
    for group in Group.objects.filter(code__in=answer["groups"]).exclude(organisation=central_org):
        old_orgs.add(group.organisation_id)
        group.organisation = central_org
        group.save()
    for staff in OrganisationStaff.objects.filter(organisation_id__in=old_orgs):
        staff.organisation = central_org
        staff.save()
    for org_left in Organisation.objects.filter(pk__in=old_orgs).exclude(pk=org_id):
        if (
            not org_left.groups.exists()
            and not OrganisationStaff.objects.filter(organisation=org_left).exists()
        ):
            # It may still hold records of its own (a demo's projects and donors, which
            # stay on the server that made them): then keep it, now with no groups.
            with contextlib.suppress(ProtectedError):
                org_left.delete()
    for name, tech_id in answer["techniques"].items():
        local = Technique.objects.filter(name=name).exclude(pk=tech_id).first()
        if local is None:
            if not Technique.objects.filter(pk=tech_id).exists():
                write(
                    "members.Technique",
                    tech_id,
                    {
                        "site": answer["central"],
                        "name": name,
                        "created_at": timezone.now().isoformat(),
                    },
                    {},
                )
            continue
        local.name = f"{name} ({local.pk})"[:100]
        local.save()
        write(
            "members.Technique",
            tech_id,
            {"site": answer["central"], "name": name, "created_at": local.created_at.isoformat()},
            {},
        )
        for rel in Technique._meta.related_objects:
            rel.related_model._default_manager.filter(  # type: ignore[union-attr]  # a relation field always has a related model
                **{rel.field.name: local}
            ).tracked_update(**{rel.field.attname: tech_id})
        local.delete()


def enrol(url: str, secret: str) -> Peer:
    """On a site: enrol with central at URL using the secret given there."""
    if is_central():
        raise ValidationError(_("Este servidor es el central; los sitios se inscriben en él."))
    url = url.rstrip("/")
    body = json.dumps(
        {"code": here(), "secret": secret.strip(), "public_key": keys.public_key_hex()}
    ).encode()
    request = urllib.request.Request(
        f"{url}/sync/api/enrol", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MINKA_SYNC_TIMEOUT) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read())["error"]
        except (ValueError, KeyError):
            message = _("El servidor central respondió con un error (%(code)s).") % {
                "code": exc.code
            }
        log("", "enrol", error=message)
        raise ValidationError(message) from exc
    except (OSError, ValueError) as exc:
        message = _("No hay conexión con el servidor central (%(url)s).") % {"url": url}
        log("", "enrol", error=message)
        raise ValidationError(message) from exc
    with transaction.atomic():
        _adopt(answer)
        peer, _made = Peer.objects.update_or_create(
            code=answer["central"],
            defaults={
                "url": url,
                "public_key": answer["public_key"],
                "group_codes": answer["groups"],
                "organisation_id": answer["organisation"]["id"],
                "enrolled_at": timezone.now(),
            },
        )
    log(peer.code, "enrol")
    return peer


def central_peer() -> Peer | None:
    return Peer.objects.exclude(enrolled_at=None).first()
