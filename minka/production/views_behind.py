"""Who is behind, the suggestion to move pieces, and cancelling a delivery."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest, flash_refusal
from minka.members.access import Can, group_access
from minka.production.access import line_for, order_for
from minka.production.corrections import delivery_void, delivery_void_preview
from minka.production.forms_day import RebalanceForm, VoidForm
from minka.production.models import Delivery, OrderLine, OrderStatus
from minka.production.rebalance import allocations_rebalance, rebalance_plan
from minka.production.selectors import PACE_GRACE_DAYS, members_behind


@login_required
def behind(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """¿Quién va atrasada? Every open order line with someone behind, and a suggestion."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    today = timezone.localdate()
    rows = members_behind(access.group, today)
    line_ids = list(dict.fromkeys(r.allocation.line_id for r in rows))
    lines = OrderLine.objects.filter(id__in=line_ids).select_related("order", "product__technique")
    plans = [rebalance_plan(line=line, today=today) for line in lines]
    return render(
        request,
        "production/behind.html",
        {"access": access, "rows": rows, "plans": plans, "grace": PACE_GRACE_DAYS},
    )


@login_required
@require_POST
def line_rebalance(
    request: AuthedHttpRequest, group_id: uuid.UUID, line_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    line = line_for(access, line_id)
    form = RebalanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Falta la sugerencia que confirmó. Vuelva a intentar."))
    else:
        try:
            made = allocations_rebalance(
                line=line, fingerprint=form.cleaned_data["fingerprint"], by=request.user
            )
        except ValidationError as exc:
            flash_refusal(request, exc)
        else:
            pieces = sum(m.pieces for m in made)
            messages.success(
                request,
                ngettext("Se movió %(n)d pieza.", "Se movieron %(n)d piezas.", pieces)
                % {"n": pieces},
            )
    return redirect("members_behind", group_id)


@login_required
def order_deliveries(
    request: AuthedHttpRequest, group_id: uuid.UUID, order_id: uuid.UUID
) -> HttpResponse:
    """The deliveries of an order, newest first, each with a way to cancel it."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    order = order_for(access, order_id)
    deliveries = (
        Delivery.objects.filter(allocation__line__order=order)
        .select_related("allocation__member", "allocation__line__product", "void")
        .prefetch_related("checks")
        .order_by("-received_on", "-created_at")
    )
    return render(
        request,
        "production/order_deliveries.html",
        {
            "access": access,
            "order": order,
            "deliveries": deliveries,
            "can_void": access.can_manage and order.status == OrderStatus.IN_PRODUCTION,
        },
    )


@login_required
def delivery_cancel(
    request: AuthedHttpRequest, group_id: uuid.UUID, delivery_id: uuid.UUID
) -> HttpResponse:
    """Says what will happen (pieces owed again, earnings reversed, her balance after)
    before the coordinator confirms."""
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    delivery = get_object_or_404(
        Delivery.objects.select_related(
            "allocation__member", "allocation__line__product", "allocation__line__order"
        ),
        allocation__line__order__group=access.group,
        id=delivery_id,
    )
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delivery_void(
                delivery=delivery,
                reason=form.cleaned_data["reason"],
                on=timezone.localdate(),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Entrega anulada. Su cuenta muestra la corrección y su saldo nuevo."),
            )
            return redirect("member_statement", group_id, delivery.allocation.member_id)
    return render(
        request,
        "production/delivery_cancel.html",
        {"access": access, "form": form, "preview": delivery_void_preview(delivery)},
        status=400 if request.method == "POST" else 200,
    )
