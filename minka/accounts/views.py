import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minka.accounts import logins, pins
from minka.accounts.forms import DeviceForm, LoginForm, PinForm, PinSetForm
from minka.lib.http import AuthedHttpRequest
from minka.members.access import Can, group_access, member_for
from minka.members.models import GroupRole, Member, MemberStatus, Role, page_language_for


class LoginView(auth_views.LoginView):
    """Sign-in that counts wrong passwords, and greets a member in her own language.

    A member with no other role gets the language of her member record; her own later
    choice on the language switch stays on that device. Staff keep whatever they chose.
    """

    authentication_form = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]  # narrower form
        response = super().form_valid(form)
        if logins.must_change_password(form.get_user()):
            self.request.session[logins.SESSION_FLAG] = True
        roles = list(GroupRole.objects.filter(user=form.get_user()).select_related("member"))
        members = [r.member for r in roles if r.role == Role.MEMBER and r.member is not None]
        if members and len(members) == len(roles):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                page_language_for(members[0]),
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Her own password; once chosen, a password someone else set for her is gone."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # A member's page (speakers next to the language chooser too); staff pages draw
        # none, and so never look up recordings.
        roles = set(GroupRole.objects.filter(user=self.request.user).values_list("role", flat=True))
        return {**super().get_context_data(**kwargs), "member_page": roles == {Role.MEMBER}}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        logins.password_changed(self.request.user)  # type: ignore[arg-type]  # behind login_required: a User
        self.request.session.pop(logins.SESSION_FLAG, None)
        return response


# The centre's device: members sign in by photo, name and PIN.


@login_required
def centre_register(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The coordinator makes this browser a device of the centre."""
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = DeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cookie = pins.device_register(
            group=access.group, name=form.cleaned_data["name"], by=request.user
        )
        response = redirect("centre_home")
        response.set_cookie(
            pins.COOKIE,
            cookie,
            max_age=5 * 365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        # The coordinator leaves; the device now waits for members.
        logout(request)
        return response
    return render(request, "accounts/centre_register.html", {"access": access, "form": form})


def centre_home(request: HttpRequest) -> HttpResponse:
    device = pins.device_for(request)
    if device is None:
        return render(request, "accounts/centre_none.html", status=404)
    members = Member.objects.filter(
        group=device.group, status=MemberStatus.ACTIVE, pin__isnull=False
    ).order_by("first_name", "last_name")
    return render(request, "accounts/centre_home.html", {"device": device, "members": members})


def centre_pin(request: HttpRequest, member_id: uuid.UUID) -> HttpResponse:
    device = pins.device_for(request)
    if device is None:
        return render(request, "accounts/centre_none.html", status=404)
    member = Member.objects.filter(group=device.group, id=member_id).first()
    if member is None:
        raise Http404
    form = PinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = pins.pin_check(member=member, pin=form.cleaned_data["pin"])
        except ValidationError as exc:
            form.add_error("pin", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.set_expiry(pins.PIN_SESSION_SECONDS)
            return redirect("member_statement", member.group_id, member.id)
    return render(
        request, "accounts/centre_pin.html", {"device": device, "member": member, "form": form}
    )


def centre_photo(request: HttpRequest, member_id: uuid.UUID) -> FileResponse:
    """Her photo on the centre's device only (a photo is personal data)."""
    device = pins.device_for(request)
    member = Member.objects.filter(id=member_id).first()
    if device is None or member is None or member.group_id != device.group_id or not member.photo:
        raise Http404
    return FileResponse(member.photo.open("rb"), content_type="image/jpeg")


@login_required
def member_pin(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = member_for(access, member_id)
    form = PinSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pins.pin_set(member=member, pin=form.cleaned_data["pin"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Clave guardada para %(name)s.") % {"name": member})
            return redirect("member_list", access.group.id)
    title = _("Clave de %(name)s") % {"name": member.full_name}
    intro = _(
        "Con esta clave de 4 números ella entra a sus propias páginas en el equipo del "
        "centro y pide su saldo por SMS. Cinco errores la bloquean hasta que usted le dé "
        "una nueva."
    )
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": title, "intro": intro},
    )
