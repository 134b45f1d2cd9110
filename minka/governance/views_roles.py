"""After the assembly elects a committee: the changes of Minka's roles that follow it,
shown to the coordinator, made only when she confirms them."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minka.governance.access import term_for
from minka.governance.forms import RoleChangesForm
from minka.governance.roles import RoleChange, committee_role_changes, committee_roles_apply
from minka.lib.http import AuthedHttpRequest
from minka.members.access import Can, group_access


def _label(change: RoleChange) -> str:
    who = change.member.full_name if change.member else change.user.username if change.user else ""
    if change.grant:
        return _("%(who)s recibe el rol de %(role)s") % {"who": who, "role": change.role_label}
    return _("%(who)s deja el rol de %(role)s") % {"who": who, "role": change.role_label}


@login_required
def committee_roles(
    request: AuthedHttpRequest, group_id: uuid.UUID, term_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.ROLES)
    term = term_for(access, term_id)
    changes = committee_role_changes(term)
    ready = [c for c in changes if not c.blocked]
    form = RoleChangesForm(
        request.POST if request.method == "POST" else None,
        keys=[(c.key, _label(c)) for c in ready],
        initial={"changes": [c.key for c in ready]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = committee_roles_apply(
                term=term, keys=form.cleaned_data["changes"], by=request.user, request=request
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)d cambio de rol hecho.", "%(n)d cambios de rol hechos.", len(made))
                % {"n": len(made)},
            )
            return redirect("committee", group_id)
    return render(
        request,
        "governance/committee_roles.html",
        {
            "access": access,
            "term": term,
            "form": form,
            "blocked": [(_label(c), c) for c in changes if c.blocked],
            "has_changes": bool(ready),
        },
        status=400 if request.method == "POST" else 200,
    )
