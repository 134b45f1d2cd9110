"""The logins of a group: who can sign in, with which roles; a new login for a member; a
new password; her roles. Only the coordinator and the organisation's staff."""

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minka.accounts import logins
from minka.accounts.forms_logins import LoginCreateForm, PasswordResetForm, RolesForm
from minka.lib.http import AuthedHttpRequest, form_page
from minka.members import roles as role_services
from minka.members.access import Access, Can, group_access, member_for
from minka.members.models import GroupRole, Member, Role


@dataclass
class LoginRow:
    user: User
    member: Member | None = None
    roles: list[str] = field(default_factory=list)


def _access(request: AuthedHttpRequest, group_id: uuid.UUID) -> Access:
    access = group_access(request.user, group_id)
    access.require(Can.ROLES)
    return access


def _user_for(access: Access, user_id: int) -> User:
    """A login with a role in this group, or 404."""
    user = User.objects.filter(id=user_id, group_roles__group=access.group).distinct().first()
    if user is None:
        raise Http404
    return user


@login_required
def login_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = _access(request, group_id)
    rows: dict[int, LoginRow] = {}
    for gr in (
        GroupRole.objects.filter(group=access.group)
        .select_related("user", "member")
        .order_by("user__username")
    ):
        row = rows.setdefault(gr.user_id, LoginRow(gr.user))
        row.member = row.member or gr.member
        row.roles.append(str(Role(gr.role).label))
    with_login = {r.member.id for r in rows.values() if r.member is not None}
    without = Member.objects.filter(group=access.group).exclude(id__in=with_login)
    return render(
        request,
        "accounts/login_list.html",
        {"access": access, "rows": list(rows.values()), "without": without},
    )


@login_required
def login_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = _access(request, group_id)
    member = member_for(access, member_id)
    return form_page(
        request,
        LoginCreateForm(request.POST or None),
        lambda d: logins.login_create(
            member=member,
            username=d["username"],
            password=d["password"],
            by=request.user,
            request=request,
        ),
        done=lambda user: (
            _(
                "Usuario «%(u)s» creado para %(name)s. Al entrar la primera vez "
                "cambiará su contraseña."
            )
            % {"u": user.username, "name": member.full_name}
        ),
        then=reverse("login_list", args=[group_id]),
        context={
            "access": access,
            "title": _("Usuario para %(name)s") % {"name": member.full_name},
            "intro": _(
                "Con este usuario ella ve sus propias páginas. Para que sea tesorera o "
                "coordinadora, dele el rol después."
            ),
            "submit": _("Crear usuario"),
        },
    )


@login_required
def login_roles(request: AuthedHttpRequest, group_id: uuid.UUID, user_id: int) -> HttpResponse:
    access = _access(request, group_id)
    user = _user_for(access, user_id)
    current = role_services.roles_of(access.group, user)
    form = RolesForm(
        request.POST if request.method == "POST" else None,
        initial={"roles": [r for r in role_services.MANAGED_ROLES if r in current]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            given, taken = role_services.roles_set(
                group=access.group,
                user=user,
                roles=form.cleaned_data["roles"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if given or taken:
                messages.success(request, _("Roles de %(u)s guardados.") % {"u": user.username})
            else:
                messages.info(request, _("No cambió nada."))
            return redirect("login_list", group_id)
    return render(
        request,
        "accounts/login_edit.html",
        {
            "access": access,
            "login": user,
            "member": role_services.member_of(access.group, user),
            "roles": sorted(str(Role(r).label) for r in current),
            "form": form,
            "password_form": PasswordResetForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def login_password(request: AuthedHttpRequest, group_id: uuid.UUID, user_id: int) -> HttpResponse:
    access = _access(request, group_id)
    user = _user_for(access, user_id)
    return form_page(
        request,
        PasswordResetForm(request.POST or None),
        lambda d: logins.password_reset(
            group=access.group,
            user=user,
            password=d["password"],
            by=request.user,
            request=request,
        ),
        done=lambda _none: (
            _("Contraseña nueva para %(u)s. Al entrar tendrá que cambiarla.") % {"u": user.username}
        ),
        then=reverse("login_list", args=[group_id]),
        context={
            "access": access,
            "title": _("Contraseña nueva para %(u)s") % {"u": user.username},
            "submit": _("Cambiar contraseña"),
        },
    )
