"""The SMS page: the gateway's state, the queue, failures, consent, counts and cost."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.accounts import pins as accounts_pins
from minka.accounts.models import MemberPin
from minka.lib.http import AuthedHttpRequest, flash_form_errors, flash_refusal
from minka.members.access import Can, group_access
from minka.members.models import Member
from minka.sms import gateway, phones, selectors, services
from minka.sms.forms import ConsentForm, PinForm, SmsSettingsForm
from minka.sms.models import GatewayState, Outgoing, Status

STALE = timedelta(minutes=5)  # no poll for this long: the worker is not running


def gateway_status() -> tuple[str, str]:
    """(code, sentence) for the top of the page."""
    if not gateway.enabled():
        return "off", _(
            "Los SMS están apagados: este servidor no tiene configurado gammu-smsd "
            "(MINKA_SMS_GAMMU_CONFIG)."
        )
    state = GatewayState.objects.filter(site=settings.MINKA_SITE_CODE).first()
    if state is None or timezone.now() - state.polled_at > STALE:
        return "worker", _(
            "El programa de SMS (minka sms) no está funcionando: los mensajes no se leen "
            "ni se envían."
        )
    if not state.spool_ok:
        return "spool", _("No se pueden leer o escribir las carpetas de gammu-smsd: %(detail)s") % {
            "detail": state.detail
        }
    if state.daemon_running is False:
        return "daemon", _(
            "gammu-smsd está detenido: las respuestas esperan en su bandeja de salida."
        )
    return "ok", _("gammu-smsd funciona.")


@login_required
def sms_home(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    group = access.group
    code, sentence = gateway_status()
    state = GatewayState.objects.filter(site=settings.MINKA_SITE_CODE).first()
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    context: dict[str, object] = {
        "access": access,
        "device": gateway.spool().device if gateway.enabled() else "",
        # Help to numbers on no member's record belongs to no group, but the SIM pays it.
        "strangers": Outgoing.objects.filter(
            group__isnull=True, status=Status.SENT, sent_at__gte=month_start
        ).count(),
        "code": code,
        "sentence": sentence,
        "state": state,
        "usage": selectors.monthly_usage(group),
        "conf": selectors.group_settings(group),
    }
    # The treasurer sees counts and cost; the queue, failures and consent list are for the
    # coordinator (and the organisation's staff, read only).
    if access.can_manage or "staff" in access.roles:
        members = list(
            selectors.with_consent(Member.objects.filter(group=group)).order_by("number")
        )
        pins = set(
            MemberPin.objects.filter(member__group=group).values_list("member_id", flat=True)
        )
        context.update(
            queue=Outgoing.objects.filter(
                group=group, status__in=[Status.QUEUED, Status.SPOOLED]
            ).select_related("member")[:50],
            failures=Outgoing.objects.filter(group=group, status=Status.FAILED).select_related(
                "member"
            )[:20],
            waiting_long=selectors.waiting_long(group).count(),
            consent_rows=[
                {
                    "member": m,
                    "given": m.sms_given,  # type: ignore[attr-defined]  # annotated by with_consent
                    "phone": phones.normalise(m.phone),
                    "pin": m.id in pins,
                }
                for m in members
            ],
            consent_form=ConsentForm(group=group),
            pin_form=PinForm(group=group),
            settings_form=SmsSettingsForm(
                initial={
                    "cost_per_segment": context["conf"].cost_per_segment,  # type: ignore[attr-defined]  # the context dict holds mixed values
                    "notices": [
                        n for n in services.NOTICES if getattr(context["conf"], f"{n}_since")
                    ],
                }
            ),
        )
    return render(request, "sms/home.html", context)


@login_required
@require_POST
def consent_record(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = ConsentForm(request.POST, group=access.group)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        try:
            services.consent_record(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Consentimiento registrado."))
    return redirect("sms_home", group_id)


@login_required
@require_POST
def pin_change(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = PinForm(request.POST, group=access.group)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("sms_home", group_id)
    member = form.cleaned_data["member"]
    try:
        if form.cleaned_data["clear"]:
            accounts_pins.pin_clear(member=member, by=request.user)
        else:
            accounts_pins.pin_set(member=member, pin=form.cleaned_data["pin"], by=request.user)
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Clave guardada para %(name)s.") % {"name": member})
    return redirect("sms_home", group_id)


@login_required
@require_POST
def settings_change(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = SmsSettingsForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        try:
            services.settings_update(
                group=access.group,
                cost_per_segment=form.cleaned_data["cost_per_segment"],
                notices=set(form.cleaned_data["notices"]),
            )
        except ValidationError as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Avisos por SMS guardados."))
    return redirect("sms_home", group_id)
