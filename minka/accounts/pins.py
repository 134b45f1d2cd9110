"""Signing in with a PIN on the centre's own device.

A member finds herself by photo and name and types four digits; the session it opens
reaches only her own pages (her user has no other role) and ends after half an hour.
Five wrong PINs lock hers until the coordinator sets a new one.
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minka.accounts.models import CentreDevice, MemberPin
from minka.members.audit import access_record
from minka.members.models import Action, Group, GroupRole, Member, Role

COOKIE = "minka_centre"
SALT = "minka.centre-device"
MAX_FAILURES = 5
PIN_SESSION_SECONDS = 30 * 60


def device_register(*, group: Group, name: str, by: User) -> str:
    """A new device of the centre; returns the value for its cookie."""
    token = secrets.token_urlsafe(32)
    CentreDevice.objects.create(group=group, token=token, name=name[:80], registered_by=by)
    return signing.dumps(token, salt=SALT)


def device_for(request: HttpRequest) -> CentreDevice | None:
    value = request.COOKIES.get(COOKIE, "")
    if not value:
        return None
    try:
        token = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    return CentreDevice.objects.select_related("group").filter(token=token).first()


def _member_user(member: Member) -> User:
    """Her login for PIN sign-in: the one she has, or a new one with no password."""
    role = GroupRole.objects.filter(member=member, role=Role.MEMBER).select_related("user").first()
    if role is not None:
        return role.user
    username = f"socia-{member.group.code.lower()}-{member.number}"
    if User.objects.filter(username=username).exists():
        username = f"{username}-{secrets.token_hex(3)}"
    user = User(
        username=username,
        first_name=member.first_name[:150],
        last_name=member.last_name[:150],
    )
    user.set_unusable_password()
    user.save()
    GroupRole.objects.create(user=user, group=member.group, role=Role.MEMBER, member=member)
    return user


def pin_set(*, member: Member, pin: str, by: User) -> MemberPin:
    """Set (or reset) her PIN; a reset also unlocks it."""
    if len(pin) != 4 or not pin.isdigit():
        raise ValidationError(_("La clave tiene 4 números."))
    with transaction.atomic():
        user = _member_user(member)
        if GroupRole.objects.filter(user=user).exclude(role=Role.MEMBER).exists():
            raise ValidationError(
                _("Quien tiene otro cargo en Minka entra con su contraseña, no con una clave.")
            )
        record, _created = MemberPin.objects.update_or_create(
            member=member,
            defaults={"pin_hash": make_password(pin), "failures": 0, "locked": False, "set_by": by},
        )
        access_record(user=by, group=member.group, member=member, action=Action.ROLE, detail="PIN")
    return record


def pin_check(*, member: Member, pin: str) -> User:
    """Her user if the PIN is right; a ValidationError (and one more failure) if not."""
    with transaction.atomic():
        record = MemberPin.objects.select_for_update().filter(member=member).first()
        if record is None:
            raise ValidationError(_("Todavía no tiene clave. Pídala a la coordinadora."))
        if record.locked:
            raise ValidationError(
                _("Su clave está bloqueada. Pida a la coordinadora que le dé una nueva.")
            )
        if check_password(pin, record.pin_hash):
            user = _member_user(member)
            if GroupRole.objects.filter(user=user).exclude(role=Role.MEMBER).exists():
                # A PIN opens only her own pages: never a login that can do more.
                raise ValidationError(_("Entre con su usuario y contraseña."))
            record.failures = 0
            record.save(update_fields=["failures"])
            return user
        record.failures += 1
        record.locked = record.failures >= MAX_FAILURES
        record.save(update_fields=["failures", "locked"])
    if record.locked:
        raise ValidationError(
            _("Su clave está bloqueada. Pida a la coordinadora que le dé una nueva.")
        )
    left = MAX_FAILURES - record.failures
    raise ValidationError(_("Clave equivocada. Le quedan %(n)s intentos.") % {"n": left})
