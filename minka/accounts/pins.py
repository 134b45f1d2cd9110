"""Her PIN: signing in on the centre's own device, and asking by SMS.

A member finds herself by photo and name and types four digits; the session it opens
reaches only her own pages (her user has no other role) and ends after half an hour.
The same PIN goes with her SMS requests (minka.sms): one PIN a member, one lockout, one
reset. Five wrong PINs, on the device or by SMS, lock hers until the coordinator sets a
new one.
"""

import enum
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


def pin_clear(*, member: Member, by: User) -> None:
    """Take her PIN away: SMS answers her without one, the centre's device no longer
    lists her."""
    with transaction.atomic():
        MemberPin.objects.filter(member=member).delete()
        access_record(user=by, group=member.group, member=member, action=Action.ROLE, detail="PIN")


class Try(enum.Enum):
    NONE = "none"  # she has no PIN
    LOCKED = "locked"
    RIGHT = "right"
    WRONG = "wrong"


def pin_try(*, member: Member, pin: str) -> tuple[Try, int]:
    """One try of her PIN, wherever she typed it, and the tries she has left: a wrong one
    counts, the fifth locks it, a right one starts the count again."""
    with transaction.atomic():
        record = MemberPin.objects.select_for_update().filter(member=member).first()
        if record is None:
            return Try.NONE, 0
        if record.locked:
            return Try.LOCKED, 0
        if check_password(pin, record.pin_hash):
            if record.failures:
                record.failures = 0
                record.save(update_fields=["failures"])
            return Try.RIGHT, MAX_FAILURES
        record.failures += 1
        record.locked = record.failures >= MAX_FAILURES
        record.save(update_fields=["failures", "locked"])
    if record.locked:
        return Try.LOCKED, 0
    return Try.WRONG, MAX_FAILURES - record.failures


def pin_check(*, member: Member, pin: str) -> User:
    """Her user if the PIN is right; a ValidationError (and one more failure) if not."""
    # The try commits on its own: a wrong PIN must count even though we refuse after it.
    outcome, left = pin_try(member=member, pin=pin)
    if outcome is Try.NONE:
        raise ValidationError(_("Todavía no tiene clave. Pídala a la coordinadora."))
    if outcome is Try.LOCKED:
        raise ValidationError(
            _("Su clave está bloqueada. Pida a la coordinadora que le dé una nueva.")
        )
    if outcome is Try.WRONG:
        raise ValidationError(_("Clave equivocada. Le quedan %(n)s intentos.") % {"n": left})
    with transaction.atomic():
        user = _member_user(member)
        if GroupRole.objects.filter(user=user).exclude(role=Role.MEMBER).exists():
            # A PIN opens only her own pages: never a login that can do more.
            raise ValidationError(_("Entre con su usuario y contraseña."))
    return user
