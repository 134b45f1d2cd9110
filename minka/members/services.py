"""Writes about groups and their members."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from minka.members.models import Group, GroupRole, Member, Organisation, Role, Skill


def member_save(*, member: Member, skill_levels: dict[Any, int]) -> Member:
    """Create or update a member with her skills (level 0 removes a skill)."""
    with transaction.atomic():
        old_photo = ""
        if member._state.adding:
            last = Member.objects.filter(group_id=member.group_id).aggregate(n=Max("number"))
            member.number = (last["n"] or 0) + 1
        else:
            old_photo = (
                Member.objects.filter(pk=member.pk).values_list("photo", flat=True).first() or ""
            )
        member.full_clean(exclude=["group"])
        member.save()
        if old_photo and old_photo != member.photo.name:
            # A replaced or removed photo leaves the disk once the change is committed.
            storage = member.photo.storage
            transaction.on_commit(lambda: storage.delete(old_photo))
        for technique_id, level in skill_levels.items():
            if level:
                Skill.objects.update_or_create(
                    member=member, technique_id=technique_id, defaults={"level": level}
                )
            else:
                Skill.objects.filter(member=member, technique_id=technique_id).delete()
    return member


def group_create(
    *,
    organisation_name: str,
    name: str,
    code: str,
    place: str,
    coordinator_username: str,
    coordinator_password: str,
    coordinator_name: str = "",
) -> tuple[Group, User]:
    """A new group with its first coordinator (used by `minka creategroup`)."""
    code = code.strip().upper()
    if not code.isalnum() or not 2 <= len(code) <= 8:
        raise ValidationError(_("El código del grupo debe tener de 2 a 8 letras o números."))
    if not name.strip():
        raise ValidationError(_("Escriba el nombre del grupo."))
    if Group.objects.filter(code=code).exists():
        raise ValidationError(_("Ya existe un grupo con el código %(code)s.") % {"code": code})
    user_model = get_user_model()
    if user_model.objects.filter(username=coordinator_username).exists():
        raise ValidationError(_("El usuario %(u)s ya existe.") % {"u": coordinator_username})
    if len(coordinator_password) < 8:
        raise ValidationError(_("La contraseña debe tener al menos 8 caracteres."))
    with transaction.atomic():
        org, _created = Organisation.objects.get_or_create(name=organisation_name.strip())
        group = Group.objects.create(organisation=org, name=name.strip(), code=code, place=place)
        first, _sep, last = coordinator_name.partition(" ")
        user = user_model.objects.create_user(
            username=coordinator_username,
            password=coordinator_password,
            first_name=first,
            last_name=last,
        )
        GroupRole.objects.create(user=user, group=group, role=Role.COORDINATOR)
    return group, user
