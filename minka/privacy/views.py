"""Her consents, her data, referrals, the directory of help and the access log."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest
from minka.members.access import STAFF, Access, Can, group_access, member_for
from minka.members.audit import access_record_view
from minka.members.models import Action
from minka.privacy import selectors
from minka.privacy.forms import (
    AnonymiseForm,
    CompanionForm,
    ConsentForm,
    PeriodForm,
    ReferralForm,
    SupportServiceForm,
    services_for,
)
from minka.privacy.herdata import member_anonymise, member_data
from minka.privacy.models import Companion, Purpose, Referral
from minka.privacy.pdf import her_data_pdf
from minka.privacy.services import (
    companion_set,
    consent_record,
    referral_make,
)


def _companion_access(user: User, group_id: uuid.UUID) -> Access:
    """Only people trained to accompany referrals see them; outsiders get 404."""
    access = group_access(user, group_id)
    if not Companion.objects.filter(group=access.group, user=user).exists():
        raise PermissionDenied
    return access


def _require_staff(access: Access) -> None:
    if STAFF not in access.roles:
        raise PermissionDenied


@login_required
def member_privacy(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = member_for(access, member_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            consent_record(
                member=member,
                purpose=d["purpose"],
                given=d["given"],
                method=d["method"],
                witness=d["witness"],
                decided_on=d["decided_on"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Decisión registrada."))
            return redirect("member_privacy", access.group.id, member.id)
    if request.method == "GET":
        access_record_view(request, group=access.group, action=Action.VIEW_MEMBER, member=member)
    in_force = selectors.consents_in_force(member)
    rows = [(label, in_force[value]) for value, label in Purpose.choices]
    context = {
        "access": access,
        "member": member,
        "rows": rows,
        "form": form,
        "history": member.consents.select_related("recorded_by")[:50],
        "anonymise_form": AnonymiseForm(expected=member.number),
    }
    return render(request, "privacy/member_privacy.html", context)


@login_required
def member_export(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID, kind: str
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = member_for(access, member_id)
    data = member_data(member)
    access_record_view(request, group=access.group, action=Action.EXPORT, member=member)
    if kind == "json":
        response = HttpResponse(data.to_json(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="socia-{member.number}.json"'
        return response
    response = HttpResponse(her_data_pdf(member, data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="socia-{member.number}.pdf"'
    return response


@login_required
@require_POST
def member_anonymise_view(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = member_for(access, member_id)
    form = AnonymiseForm(request.POST, expected=member.number)
    if not form.is_valid():
        for error in form.errors.get("number", []):
            messages.error(request, str(error))
        return redirect("member_privacy", access.group.id, member.id)
    member_anonymise(member=member, by=request.user)
    messages.success(request, _("Se quitaron su nombre, celular, foto e historias."))
    return redirect("member_list", access.group.id)


@login_required
def help_directory(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Useful contacts: open to everyone in the group. A member sees each as "Ayuda" with
    its number, never the service's own name or what it offers (which may name violence
    or health): a page left open on a shared phone says nothing about why she looked.
    Those who refer (staff, companions, the coordinator) see the full entries."""
    access = group_access(request.user, group_id)
    services = services_for(access.group)
    form = SupportServiceForm(request.POST or None) if STAFF in access.roles else None
    if request.method == "POST":
        _require_staff(access)
        assert form is not None
        if form.is_valid():
            service = form.save(commit=False)
            service.organisation_id = access.group.organisation_id
            service.save()
            messages.success(request, _("Contacto guardado."))
            return redirect("help_directory", access.group.id)
    is_companion = Companion.objects.filter(group=access.group, user=request.user).exists()
    context = {
        "access": access,
        "services": services,
        "form": form,
        "is_staff": STAFF in access.roles,
        "is_companion": is_companion,
        "plain": not (STAFF in access.roles or is_companion or access.can_view_group),
    }
    return render(request, "privacy/help_directory.html", context)


@login_required
def my_consents(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Her own page: what she agreed to, in words she can hear. Changing a decision is
    done with the coordinator, who records how she gave it (signature, thumbprint or
    spoken before a witness), so this page only shows."""
    access = group_access(request.user, group_id)
    if access.member is None:
        raise PermissionDenied
    in_force = selectors.consents_in_force(access.member)
    rows = [(value, label, in_force[value]) for value, label in Purpose.choices]
    context = {"access": access, "member": access.member, "rows": rows, "member_page": True}
    return render(request, "privacy/my_consents.html", context)


@login_required
def referral_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = _companion_access(request.user, group_id)
    form = ReferralForm(request.POST or None, group=access.group)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referral_make(
                member=d["member"],
                service=d["service"],
                referred_on=d["referred_on"],
                accompanied=d["accompanied"],
                consent_method=d["consent_method"],
                consent_given=d["consent_given"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Derivación registrada."))
            return redirect("referral_list", access.group.id)
    if request.method == "GET":
        access_record_view(request, group=access.group, action=Action.VIEW_REFERRALS)
    referrals = Referral.objects.filter(group=access.group).select_related(
        "member", "service", "made_by"
    )
    context = {
        "access": access,
        "form": form,
        "referrals": referrals,
    }
    return render(request, "privacy/referral_list.html", context)


@login_required
def companions(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    _require_staff(access)
    form = CompanionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            companion_set(
                group=access.group,
                user=form.cleaned_data["username"],
                trained_on=form.cleaned_data["trained_on"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Acompañante registrada."))
            return redirect("companions", access.group.id)
    people = Companion.objects.filter(group=access.group).select_related("user")
    return render(
        request, "privacy/companions.html", {"access": access, "form": form, "people": people}
    )


@login_required
def access_log(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The organisation reads who saw whose data in its groups; a login's breach report."""
    access = group_access(request.user, group_id)
    _require_staff(access)
    form = PeriodForm(request.GET or None)
    entries = selectors.access_log(group=access.group)
    seen: list[dict[str, object]] | None = None
    who: User | None = None
    if form.is_valid():
        d = form.cleaned_data
        entries = selectors.access_log(group=access.group, first=d["first"], last=d["last"])
        if d["username"]:
            who = User.objects.filter(username=d["username"]).first()
            if who is None:
                form.add_error("username", _("No hay un usuario con ese nombre."))
            else:
                entries = entries.filter(user=who)
                seen = selectors.seen_by(
                    organisation=access.group.organisation,
                    user=who,
                    first=d["first"],
                    last=d["last"],
                )
    context = {
        "access": access,
        "form": form,
        "entries": entries[:200],
        "seen": seen,
        "who": who,
    }
    return render(request, "privacy/access_log.html", context)
