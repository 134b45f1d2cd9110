"""What of a member's personal data goes to the organisation's central server.

Her decision "data shared with the organisation" (Purpose.SHARE) decides it. With no
such consent recorded (or a withdrawal), the records below travel by sync with these
fields blanked or replaced by a pseudonym ("Socia 0012"); her number, status, dates,
skills, work and money travel whole, so the organisation's figures still add up.

This table is the one place that lists them. Sync (minka.sync.outbox) applies it when it
makes a bundle on a site; consent_record re-sends her records when she decides, so a
withdrawal blanks central's copy at the next sync and a consent fills it in.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import models

from minka.members.models import Member
from minka.privacy.models import Purpose

Blank = Callable[[dict[str, Any]], Any]


def _pseudonym(data: dict[str, Any]) -> str:
    return f"{int(data.get('number') or 0):04d}"


# label -> (the field holding the member's id, {field: what it becomes without consent})
PERSONAL: dict[str, tuple[str, dict[str, Blank]]] = {
    "members.Member": (
        "id",
        {
            "first_name": lambda d: "Socia",
            "last_name": _pseudonym,
            "community": lambda d: "",
            "phone": lambda d: "",
            "photo": lambda d: "",
        },
    ),
    "tourism.HostProfile": (
        "member_id",
        {"home_description": lambda d: "", "story": lambda d: ""},
    ),
    "sales.CatalogueEntry": ("maker_id", {"maker_story": lambda d: ""}),
}

# Fields that never leave the server, whatever she decided: the address a page was
# opened from is the viewer's, and central needs only who, what and when.
NEVER: dict[str, dict[str, Blank]] = {
    "members.AccessLogEntry": {"address": lambda d: None},
}


def sharing(member_ids: Iterable[Any]) -> set[Any]:
    """The members among these whose newest decision on sharing is a yes (one query)."""
    from minka.privacy.selectors import members_consenting

    ids = [m for m in member_ids if m is not None]
    if not ids:
        return set()
    return members_consenting(Member.objects.filter(pk__in=ids), Purpose.SHARE)


def member_of(label: str, obj: models.Model) -> Any:
    link, _fields = PERSONAL[label]
    return obj.pk if link == "id" else getattr(obj, link)


def withhold(label: str, data: dict[str, Any], *, shared: bool) -> dict[str, Any]:
    """A record's travelling fields, blanked where she has not agreed to share them."""
    rules = dict(NEVER.get(label, {}))
    if not shared and label in PERSONAL:
        rules |= PERSONAL[label][1]
    for name, blank in rules.items():
        if name in data:
            data[name] = blank(data)
    return data


def records_about(member: Member) -> list[Any]:
    """Her records that carry personal fields: re-sent when her decision changes."""
    found: list[Any] = []
    for label, (link, _fields) in PERSONAL.items():
        model = apps.get_model(label)
        field = "pk" if link == "id" else link
        found += list(model._default_manager.filter(**{field: member.pk}))
    return found
