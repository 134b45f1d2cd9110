"""Everything Minka holds about one member, and taking her name off it when she asks.

The records are found by walking every model with a foreign key to Member, so a new app
that stores something about her is in the export without anyone remembering to add it.
Referral records are left out of the printed and downloaded export on purpose: a paper
taken home can be read by the person she is at risk from. The referral companion can
show them to her on the screen.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from minka.members.audit import access_record
from minka.members.models import Action, GroupRole, Member, MemberStatus
from minka.privacy.models import Referral

LEFT_OUT = {Referral}

# Free text about her kept by other apps, emptied when she is anonymised: label, field.
FREE_TEXT_ABOUT_HER = [("sales.CatalogueEntry", "maker", "maker_story")]


@dataclass
class HerData:
    member: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {"member": self.member, "records": self.sections, "left_out": self.left_out},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=1,
        )


def _rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    return [
        {"id": str(item["pk"]), **item["fields"]}
        for item in serializers.serialize("python", queryset)
    ]


def member_data(member: Member) -> HerData:
    """Her record and every row in every app that points at her."""
    data = HerData(member=_rows(Member.objects.filter(pk=member.pk))[0])
    for model in apps.get_models():
        links = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey | models.OneToOneField) and f.related_model is Member
        ]
        if not links:
            continue
        query = models.Q()
        for name in links:
            query |= models.Q(**{name: member})
        rows = model._default_manager.filter(query)
        label = model._meta.label
        if model in LEFT_OUT:
            count = rows.count()
            if count:
                data.left_out[label] = count
            continue
        found = _rows(rows)
        if found:
            data.sections[label] = found
    return data


def member_anonymise(*, member: Member, by: User) -> Member:
    """Her name, phone, photo, community and stories go; her work and money stay as numbers
    so the group's accounts still add up (the ledger is not touched)."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        photo = member.photo.name
        member.first_name = "Socia"
        member.last_name = f"N.º {member.number}"
        member.community = ""
        member.phone = ""
        member.photo = ""
        if member.status != MemberStatus.LEFT:
            member.status = MemberStatus.LEFT
            member.left_on = timezone.localdate()
        member.save()
        for label, link, text in FREE_TEXT_ABOUT_HER:
            model = apps.get_model(label)
            for row in model._default_manager.filter(**{link: member}).exclude(**{text: ""}):
                setattr(row, text, "")
                row.save(update_fields=[text])
        for role in GroupRole.objects.filter(member=member).select_related("user"):
            login = role.user
            login.first_name = login.last_name = login.email = ""
            login.username = f"anon-{member.id.hex[:12]}"
            login.is_active = False
            login.set_unusable_password()
            login.save()
        access_record(user=by, group=member.group, member=member, action=Action.ANONYMISE)
        if photo:
            storage = member.photo.storage
            transaction.on_commit(lambda: storage.delete(photo))
    return member
