"""Writes about consent, the access log, companions and referrals."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.members.audit import access_record
from minka.members.models import Action, Group, GroupRole, Member, OrganisationStaff
from minka.privacy.models import (
    Companion,
    Consent,
    ConsentMethod,
    Purpose,
    Referral,
    SupportService,
)
from minka.privacy.shared import records_about


def _check_date(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))
    if on.year < 2000:
        raise ValidationError(_("Revise la fecha: es demasiado antigua."))


def consent_record(
    *,
    member: Member,
    purpose: str,
    given: bool,
    method: str,
    decided_on: date,
    by: User,
    witness: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Record her decision; a withdrawal is a new record and takes effect at once."""
    _check_date(decided_on)
    witness = witness.strip()
    if method == ConsentMethod.SPOKEN and not witness:
        raise ValidationError(_("Escriba el nombre del testigo."))
    with transaction.atomic():
        consent = Consent.objects.create(
            member=member,
            purpose=purpose,
            given=given,
            method=method,
            witness=witness,
            decided_on=decided_on,
            recorded_by=by,
        )
        access_record(
            user=by,
            group=member.group,
            member=member,
            action=Action.CONSENT,
            detail=f"{purpose}={'yes' if given else 'no'}",
            request=request,
        )
        if purpose == Purpose.SHARE:
            # Her records travel again at the next sync, whole or blanked as she decided.
            # Saved, not only logged: a save refuses a record another server owns (central
            # cannot decide for a member a site holds).
            for record in records_about(member):
                record.save()
    return consent


def companion_set(*, group: Group, user: User, trained_on: date, by: User) -> Companion:
    """Mark a person as trained to accompany referrals in a group."""
    _check_date(trained_on)
    belongs = GroupRole.objects.filter(user=user, group=group).exists() or (
        OrganisationStaff.objects.filter(user=user, organisation_id=group.organisation_id).exists()
    )
    if not belongs:
        raise ValidationError(_("Esa persona no pertenece a este grupo ni a su organización."))
    with transaction.atomic():
        companion, _created = Companion.objects.update_or_create(
            group=group, user=user, defaults={"trained_on": trained_on}
        )
        access_record(
            user=by, group=group, action=Action.ROLE, detail=f"companion: {user.username}"
        )
    return companion


def referral_make(
    *,
    member: Member,
    service: SupportService,
    referred_on: date,
    accompanied: bool,
    consent_method: str,
    consent_given: bool,
    by: User,
    request: HttpRequest | None = None,
) -> Referral:
    """A referral, only with her consent; it holds no narrative by design."""
    if not consent_given:
        raise ValidationError(_("Una derivación solo se registra con su consentimiento."))
    _check_date(referred_on)
    if service.organisation_id not in (None, member.group.organisation_id):
        raise ValidationError(_("Ese servicio no está en el directorio de su organización."))
    with transaction.atomic():
        referral = Referral.objects.create(
            group=member.group,
            member=member,
            service=service,
            referred_on=referred_on,
            accompanied=accompanied,
            consent_method=consent_method,
            made_by=by,
        )
        access_record(
            user=by, group=member.group, member=member, action=Action.REFERRAL, request=request
        )
    return referral
