"""The group fund: its balance, expenses and corrections."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest, flash_form_errors, flash_refusal
from minka.members.access import Can, group_access
from minka.sales import selectors, services
from minka.sales.forms import (
    ExpenseForm,
    ReasonForm,
)
from minka.sales.models import (
    FundEntry,
)


@login_required
def fund(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The group fund: its share of sales, its expenses, its balance."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    form = ExpenseForm(request.POST or None)
    if request.method == "POST":
        access.require(Can.PAY)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.fund_expense(
                    group=access.group,
                    amount=d["amount"],
                    category=d["category"],
                    description=d["description"],
                    on=d["on"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Gasto registrado."))
                return redirect("fund", group_id)
    entries = (
        FundEntry.objects.filter(group=access.group)
        .select_related("sale")
        .annotate(is_reversed=Exists(FundEntry.objects.filter(reverses=OuterRef("pk"))))
        .order_by("-entry_date", "-created_at")
    )
    return render(
        request,
        "sales/fund.html",
        {
            "access": access,
            "balance": selectors.fund_balance(access.group),
            "entries": entries,
            "form": form,
        },
    )


@login_required
@require_POST
def fund_entry_reverse(
    request: AuthedHttpRequest, group_id: uuid.UUID, entry_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    entry = get_object_or_404(FundEntry, group=access.group, id=entry_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("fund", group_id)
    try:
        services.fund_entry_reverse(
            entry=entry,
            reason=form.cleaned_data["reason"],
            on=timezone.localdate(),
            by=request.user,
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Movimiento corregido."))
    return redirect("fund", group_id)
