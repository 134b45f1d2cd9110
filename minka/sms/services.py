"""Writes of the SMS app: consent, PIN, a group's notices and price, and queueing a
message. Each validates, writes in one transaction and returns."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.members.models import Group, Member
from minka.privacy.models import Consent, ConsentMethod, Purpose
from minka.privacy.services import consent_record as privacy_consent_record
from minka.sms import gsm
from minka.sms.models import (
    GroupSmsSettings,
    Inbound,
    Kind,
    Outgoing,
    SmsPin,
)
from minka.sms.words import PIN_RE

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


@transaction.atomic
def pin_set(*, member: Member, pin: str, by: User) -> SmsPin:
    if not PIN_RE.match(pin):
        raise ValidationError(_("La clave para SMS son 4 números."))
    found, _created = SmsPin.objects.update_or_create(
        member=member, defaults={"pin_hash": make_password(pin), "set_by": by}
    )
    return found


@transaction.atomic
def pin_clear(*, member: Member) -> None:
    SmsPin.objects.filter(member=member).delete()


def pin_matches(member: Member, pin: str | None) -> bool:
    """True when she has no PIN, or sent the right one."""
    found = getattr(member, "sms_pin", None)
    if found is None:
        return True
    return pin is not None and check_password(pin, found.pin_hash)


def has_pin(member: Member) -> bool:
    return getattr(member, "sms_pin", None) is not None


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
