"""Logins for the people of a group, made by its coordinator or the organisation's staff:
a username and a first password she must change at her first sign-in, or a new password
when she forgot hers. Each is written to the access log (Action.ROLE)."""

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minka.accounts.models import PasswordToChange
from minka.members.audit import access_record
from minka.members.models import Action, Group, GroupRole, Member, Role
from minka.members.roles import login_of, may_be_changed_from, member_of

SESSION_FLAG = "minka_password_to_change"


def _must_change(user: User, by: User) -> None:
    PasswordToChange.objects.update_or_create(user=user, defaults={"set_by": by})


def login_create(
    *,
    member: Member,
    username: str,
    password: str,
    by: User,
    request: HttpRequest | None = None,
) -> User:
    """A login for a member, tied to her record, with the member role. If she signs in
    with a PIN only, that login gets the username and password (her PIN keeps working
    until she is given another role)."""
    username = username.strip()
    if not username:
        raise ValidationError(_("Escriba un nombre de usuario."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            _("Ya existe el usuario «%(u)s». Elija otro nombre.") % {"u": username}
        )
    with transaction.atomic():
        user = login_of(member)
        if user is not None and user.has_usable_password():
            raise ValidationError(
                _("%(name)s ya tiene el usuario «%(u)s». Cambie su contraseña si la olvidó.")
                % {"name": member.full_name, "u": user.username}
            )
        if user is None:
            user = User(
                username=username,
                first_name=member.first_name[:150],
                last_name=member.last_name[:150],
            )
        else:
            user.username = username
        validate_password(password, user)
        user.set_password(password)
        user.save()
        GroupRole.objects.get_or_create(
            user=user, group=member.group, role=Role.MEMBER, defaults={"member": member}
        )
        _must_change(user, by)
        access_record(
            user=by,
            group=member.group,
            member=member,
            action=Action.ROLE,
            detail=f"{username}: login",
            request=request,
        )
    return user


def password_reset(
    *,
    group: Group,
    user: User,
    password: str,
    by: User,
    request: HttpRequest | None = None,
) -> User:
    """A new password she must change at her next sign-in."""
    if not GroupRole.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("Esa persona no tiene usuario en este grupo."))
    if user == by:
        raise ValidationError(_("Su propia contraseña se cambia en «Cambiar mi contraseña»."))
    if not may_be_changed_from(group, user):
        raise ValidationError(
            _(
                "Este usuario también trabaja con otro grupo o con la red: pida a la red "
                "que cambie su contraseña."
            )
        )
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        _must_change(user, by)
        access_record(
            user=by,
            group=group,
            member=member_of(group, user),
            action=Action.ROLE,
            detail=f"{user.username}: password",
            request=request,
        )
    return user


def must_change_password(user: User) -> bool:
    return PasswordToChange.objects.filter(user=user).exists()


def password_changed(user: User) -> None:
    """She chose her own password: nothing left to change."""
    PasswordToChange.objects.filter(user=user).delete()
