import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minka.lib.http import AuthedHttpRequest
from minka.members.access import Can, group_access, groups_for, member_for
from minka.members.audit import access_record_view
from minka.members.forms import MemberForm
from minka.members.models import Action, GroupRole, Member, Role, Skill
from minka.members.services import member_save


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    groups = list(groups_for(request.user).order_by("name"))
    roles = GroupRole.objects.filter(user=request.user).select_related("member")
    own = [r for r in roles if r.role == Role.MEMBER and r.member]
    managed = {r.group_id for r in roles if r.role != Role.MEMBER}
    # A member with no other role goes straight to her own page.
    if len(groups) == 1 and own and groups[0].id not in managed and len(own) == 1:
        return redirect("member_statement", groups[0].id, own[0].member_id)
    if len(groups) == 1 and groups[0].id in managed:
        return redirect("dashboard", groups[0].id)
    return render(request, "members/home.html", {"groups": groups})


@login_required
def member_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    members = Member.objects.filter(group=access.group).prefetch_related(
        Prefetch("skills", queryset=Skill.objects.select_related("technique"))
    )
    return render(request, "members/member_list.html", {"access": access, "members": members})


@login_required
def member_edit(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID | None = None
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = member_for(access, member_id) if member_id else Member(group=access.group)
    form = MemberForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "GET" and member_id:
        access_record_view(request, group=access.group, action=Action.VIEW_MEMBER, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            saved = member_save(member=form.save(commit=False), skill_levels=form.skill_levels())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Which fields changed, never their values: the log must not become a second
            # copy of her personal data.
            access_record_view(
                request,
                group=access.group,
                action=Action.EDIT_MEMBER,
                member=saved,
                detail=", ".join(form.changed_data),
            )
            messages.success(request, _("Datos de %(name)s guardados.") % {"name": saved})
            return redirect("member_list", access.group.id)
    title = _("Editar socia") if member_id else _("Nueva socia")
    return render(request, "form_page.html", {"access": access, "form": form, "title": title})
