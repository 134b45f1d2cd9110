"""The delivery day: one page of rows, each row saved on its own (by fetch when the
browser runs delivery_day.js, by a plain form POST and a reload when it does not)."""

import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest
from minka.members.access import Access, Can, group_access, member_for
from minka.members.models import Member
from minka.production.delivery_day import DayLine, DayRow, delivery_day_row_save, delivery_day_rows
from minka.production.forms_day import DayForms, DayPickForm, row_prefix


def _wants_json(request: AuthedHttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _page(
    request: AuthedHttpRequest,
    access: Access,
    on: date,
    bound: DayForms | None = None,
    **extra: object,
) -> HttpResponse:
    pick = DayPickForm(request.GET)
    rows = delivery_day_rows(access.group, on)
    forms = [
        bound
        if bound is not None and bound.row.member.id == row.member.id
        else DayForms(row, on=on)
        for row in rows
    ]
    return render(
        request,
        "production/delivery_day.html",
        {
            "access": access,
            "on": on,
            "pick": pick,
            "rows": forms,
            "due": sum(r.due for r in rows),
            **extra,
        },
        status=400 if bound is not None else 200,
    )


@login_required
def delivery_day(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    pick = DayPickForm(request.GET)
    on = pick.cleaned_data["on"] if pick.is_valid() else timezone.localdate()
    return _page(request, access, on)


def _row_html(request: AuthedHttpRequest, access: Access, forms: DayForms, saved: str = "") -> str:
    return render_to_string(
        "production/_day_row.html",
        {"access": access, "rf": forms, "saved": saved},
        request=request,
    )


def _fresh(member: Member, access: Access, on: date) -> DayForms:
    rows = delivery_day_rows(access.group, on, member=member)
    return DayForms(rows[0] if rows else DayRow(member), on=on)


@login_required
@require_POST
def delivery_day_row(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = member_for(access, member_id)
    today = timezone.localdate()
    pick = DayPickForm({"on": request.POST.get(f"{row_prefix(member)}-received_on", "")})
    on = pick.cleaned_data["on"] if pick.is_valid() else today
    forms = DayForms(_fresh(member, access, on).row, request.POST, on=on)
    if forms.is_valid():
        d = forms.form.cleaned_data
        lines = [
            DayLine(
                allocation=item.allocation,
                seen_due=c["seen"],
                arrived=c["arrived"],
                grade_a=c["grade_a"],
                grade_b=c["grade_b"],
                rework=c["rework"],
                rejected=c["rejected"],
                defect=c["defect"],
            )
            for item, c in forms.filled()
        ]
        try:
            made = delivery_day_row_save(
                member=member,
                lines=lines,
                received_on=d["received_on"],
                by=request.user,
                yarn=d.get("material"),
                yarn_grams=d.get("grams"),
            )
        except ValidationError as exc:
            if any(getattr(e, "code", None) == "changed" for e in exc.error_list):
                # Someone saved her first: draw the row again, with what she owes now.
                forms = _fresh(member, access, on)
            forms.errors.extend(exc.messages)
        else:
            pieces = sum(dv.quantity for dv in made)
            saved = ngettext(
                "Guardado: %(n)d pieza de %(name)s.",
                "Guardado: %(n)d piezas de %(name)s.",
                pieces,
            ) % {"n": pieces, "name": member.full_name}
            if d.get("material"):
                saved += " " + _("Hilo devuelto: %(g)s g.") % {"g": d["grams"]}
            if _wants_json(request):
                html = _row_html(request, access, _fresh(member, access, on), saved)
                return JsonResponse({"ok": True, "html": html, "message": saved})
            messages.success(request, saved)
            url = reverse("delivery_day", args=[group_id])
            return redirect(f"{url}?on={on:%d/%m/%Y}#m-{member.id}")
    if _wants_json(request):
        html = _row_html(request, access, forms)
        return JsonResponse({"ok": False, "html": html, "errors": forms.all_errors}, status=400)
    return _page(request, access, on, bound=forms)
