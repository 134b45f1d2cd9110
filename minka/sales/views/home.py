"""The selling home page and setting up: places, and the share rule."""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minka.lib.http import AuthedHttpRequest
from minka.members.access import Can, group_access
from minka.production.models import Product
from minka.sales import selectors, services
from minka.sales.access import require_sell
from minka.sales.forms import (
    LocationForm,
    RuleForm,
)
from minka.sales.models import Location, Sale


@login_required
def sales_home(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    group = access.group
    levels = selectors.stock_levels(group)
    pieces: dict[uuid.UUID, int] = {}
    for level in levels:
        pieces[level.location.pk] = pieces.get(level.location.pk, 0) + level.quantity
    locations = [(loc, pieces.get(loc.pk, 0)) for loc in Location.objects.filter(group=group)]
    sales = Sale.objects.filter(group=group).select_related("location", "void")[:15]
    return render(
        request,
        "sales/home.html",
        {
            "access": access,
            "locations": locations,
            "sales": sales,
            "fund": selectors.fund_balance(group),
            "rule": selectors.share_rule(group),
            "products": Product.objects.filter(group=group).select_related("catalogue"),
        },
    )


@login_required
def location_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    require_sell(access)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.location_create(
                group=access.group,
                name=d["name"],
                kind=d["kind"],
                commission_percent=d["commission_percent"] or Decimal("0"),
                contact=d["contact"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Lugar «%(name)s» creado.") % {"name": d["name"]})
            return redirect("sales_home", group_id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Nuevo lugar de venta")},
    )


@login_required
def rule_edit(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The group's revenue-share rule (decided in assembly; set by the coordinator)."""
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = RuleForm(request.POST or None, instance=selectors.share_rule(access.group))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.share_rule_set(
                group=access.group,
                mode=d["mode"],
                maker_percent=d["maker_percent"],
                fixed_per_piece=d["fixed_per_piece"],
                share_piece_rate=d["share_piece_rate"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Regla de reparto guardada."))
            return redirect("sales_home", group_id)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Reparto de las ventas"),
            "intro": _(
                "Lo que no va a la socia va al fondo del grupo. Los céntimos que sobran al "
                "redondear van al fondo."
            ),
        },
    )
