"""Writes of the SMS app: consent, a group's notices and price, and queueing a message.
Each validates, writes in one transaction and returns. Her PIN is the one she signs in
with on the centre's device (minka.accounts.pins): one PIN a member, one lockout."""

import enum
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.accounts.models import MemberPin
from minka.accounts.pins import Try, pin_try
from minka.members.models import Group, Member
from minka.privacy.models import Consent, ConsentMethod, Purpose
from minka.privacy.services import consent_record as privacy_consent_record
from minka.sms import gsm
from minka.sms.models import (
    GroupSmsSettings,
    Inbound,
    Kind,
    Outgoing,
)

NOTICES = ("payday", "allocation", "meeting", "training")


def consent_record(
    *, member: Member, given: bool, how: str, by: User, witness: str = ""
) -> Consent:
    """Her consent to SMS is one of her consents (minka.privacy): one record, one rule,
    and a withdrawal stops the next message at once."""
    if how not in ConsentMethod.values:
        raise ValidationError(_("Diga cómo dio (o retiró) su consentimiento."))
    return privacy_consent_record(
        member=member,
        purpose=Purpose.SMS,
        given=given,
        method=how,
        witness=witness,
        decided_on=timezone.localdate(),
        by=by,
    )


class Pin(enum.Enum):
    OK = "ok"  # the right PIN, or she has none
    MISSING = "missing"  # none sent, or a wrong one
    LOCKED = "locked"


def pin_identify(members: list[Member], pin: str | None) -> tuple[Member | None, Pin]:
    """Who of the members on one phone is asking, and whether her PIN lets her in.

    Alone on her phone she is who she is; on a shared phone her PIN says who she is. A
    wrong PIN counts against her lockout like a wrong PIN on the centre's device; on a
    shared phone against each one it could have been meant for. No PIN sent is no try.
    """
    found = {p.member_id: p for p in MemberPin.objects.filter(member__in=members)}
    if len(members) == 1:
        member = members[0]
        record = found.get(member.id)
        if record is None:
            return member, Pin.OK
        if record.locked:
            return member, Pin.LOCKED
        if pin is None:
            return member, Pin.MISSING
        outcome, _left = pin_try(member=member, pin=pin)
        return member, {Try.RIGHT: Pin.OK, Try.NONE: Pin.OK, Try.LOCKED: Pin.LOCKED}.get(
            outcome, Pin.MISSING
        )
    if pin is None:
        return None, Pin.MISSING
    matches = [m for m in members if m.id in found and check_password(pin, found[m.id].pin_hash)]
    if len(matches) == 1:
        [member] = matches
        if found[member.id].locked:
            return member, Pin.LOCKED
        pin_try(member=member, pin=pin)  # a right try: her count starts again
        return member, Pin.OK
    if not matches:
        for member in members:
            if member.id in found and not found[member.id].locked:
                pin_try(member=member, pin=pin)
    return None, Pin.MISSING


@transaction.atomic
def settings_update(
    *, group: Group, cost_per_segment: Decimal, notices: set[str]
) -> GroupSmsSettings:
    if cost_per_segment < 0 or cost_per_segment > Decimal("100"):
        raise ValidationError(_("El costo por SMS debe estar entre 0 y 100 soles."))
    unknown = notices - set(NOTICES)
    if unknown:
        raise ValidationError(_("Aviso desconocido."))
    found, _created = GroupSmsSettings.objects.select_for_update().get_or_create(group=group)
    now = timezone.now()
    found.cost_per_segment = cost_per_segment
    for name in NOTICES:
        field = f"{name}_since"
        if name not in notices:
            setattr(found, field, None)
        elif getattr(found, field) is None:
            setattr(found, field, now)
    found.save()
    return found


PRIORITY = {Kind.ANSWER: "A", Kind.HELP: "B", Kind.NOTICE: "C"}


def message_queue(
    *,
    phone: str,
    text: str,
    kind: str,
    group: Group | None = None,
    member: Member | None = None,
    reply_to: Inbound | None = None,
    notice_key: str = "",
) -> Outgoing | None:
    """Queue one message for the worker to hand to gammu-smsd. A notice already queued
    for this member (same notice_key) is not queued again: None."""
    text = gsm.to_gsm7(text)
    counted = gsm.count(text)
    try:
        with transaction.atomic():
            return Outgoing.objects.create(
                group=group,
                member=member,
                phone=phone,
                text=text,
                encoding=counted.encoding,
                segments=counted.segments,
                kind=kind,
                reply_to=reply_to,
                notice_key=notice_key,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        if notice_key:
            return None
        raise


def retry_after(attempt: int) -> timedelta:
    return timedelta(minutes=5 * attempt)
