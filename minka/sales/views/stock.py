"""Stock pages: what each place holds, pieces coming in, pieces carried elsewhere."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest, flash_form_errors, flash_refusal
from minka.members.access import Can, group_access
from minka.production.models import Delivery
from minka.sales import selectors, services
from minka.sales.access import location_for, require_sell
from minka.sales.forms import (
    OwnStockForm,
    PiecesForm,
    ReceiveForm,
    TargetForm,
)
from minka.sales.models import (
    Location,
    LocationKind,
    StockMove,
)


@login_required
def stock(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    group = access.group
    form = OwnStockForm(request.POST or None, group=group)
    if request.method == "POST":
        require_sell(access)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.stock_add_own(
                    location=d["location"],
                    product=d["product"],
                    maker=d["maker"],
                    quantity=d["quantity"],
                    on=d["on"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Piezas agregadas al stock."))
                return redirect("stock", group_id)
    return render(
        request,
        "sales/stock.html",
        {
            "access": access,
            "levels": selectors.stock_levels(group),
            "moves": StockMove.objects.filter(group=group)
            .select_related("product", "maker", "from_location", "to_location", "sale")
            .order_by("-moved_on", "-created_at")[:30],
            "form": form,
            "receivable": selectors.deliveries_to_stock(group),
            "locations": Location.objects.filter(group=group).exclude(kind=LocationKind.STORE),
        },
    )


@login_required
@require_POST
def receive_delivery(
    request: AuthedHttpRequest, group_id: uuid.UUID, delivery_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    require_sell(access)
    delivery = get_object_or_404(Delivery, allocation__member__group=access.group, id=delivery_id)
    form = ReceiveForm(request.POST, group=access.group)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("stock", group_id)
    location = form.cleaned_data["location"]
    try:
        services.stock_receive_from_production(
            delivery=delivery, location=location, on=timezone.localdate(), by=request.user
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(
            request, _("Piezas aceptadas agregadas a %(place)s.") % {"place": location}
        )
    return redirect("stock", group_id)


@login_required
def stock_move(
    request: AuthedHttpRequest, group_id: uuid.UUID, location_id: uuid.UUID
) -> HttpResponse:
    """Carry pieces from this place to another (a fair, a partner store, back home)."""
    access = group_access(request.user, group_id)
    require_sell(access)
    source = location_for(access, location_id)
    targets = Location.objects.filter(group=access.group).exclude(pk=source.pk)
    if request.method == "POST":
        form = TargetForm(request.POST, source=source)
        pieces = PiecesForm(request.POST, group=access.group, prefixes=["q_"])
        if not (form.is_valid() and pieces.is_valid()):
            flash_form_errors(request, form)
            flash_form_errors(request, pieces)
        else:
            target = form.cleaned_data["target"]
            try:
                services.stock_move(
                    source=source,
                    target=target,
                    items=pieces.items("q_"),
                    on=timezone.localdate(),
                    by=request.user,
                )
            except ValidationError as exc:
                flash_refusal(request, exc)
            else:
                messages.success(request, _("Piezas llevadas a %(place)s.") % {"place": target})
                return redirect("stock", group_id)
    return render(
        request,
        "sales/move.html",
        {
            "access": access,
            "source": source,
            "targets": targets,
            "move_columns": [("q_", _("Llevar"))],
            "levels": selectors.stock_levels(access.group, source),
        },
    )
