"""The sale screen (a fair, the shop), a sale's receipt, and cancelling a sale."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest, flash_form_errors, flash_refusal
from minka.members.access import Can, group_access
from minka.sales import selectors, services
from minka.sales.access import require_sell, sale_for
from minka.sales.forms import (
    PiecesForm,
    QuickSaleForm,
    ReasonForm,
    SalePlaceForm,
)
from minka.sales.models import (
    Location,
    LocationKind,
    SaleVoid,
)


@login_required
def quick_sale(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The fair screen: tap pieces, price, payment method, done."""
    access = group_access(request.user, group_id)
    require_sell(access)
    places = list(Location.objects.filter(group=access.group).exclude(kind=LocationKind.STORE))
    places.sort(key=lambda p: (p.kind != LocationKind.SHOP, p.name))  # the shop first
    if not places:
        messages.info(request, _("Primero cree el lugar donde vende (su tienda o una feria)."))
        return redirect("location_create", group_id)
    # The place comes with the link (?at=) or with the form; one not of the group's own
    # places is a page that does not exist.
    chosen = SalePlaceForm(request.GET if "at" in request.GET else request.POST, group=access.group)
    if not chosen.is_valid():
        raise Http404
    location = chosen.cleaned_data["at"] or places[0]
    if request.method == "POST":
        form = QuickSaleForm(request.POST)
        pieces = PiecesForm(request.POST, group=access.group, prefixes=["q_"])
        if not (pieces.is_valid() and form.is_valid()):
            flash_form_errors(request, pieces)
            flash_form_errors(request, form)
        else:
            try:
                sale = services.sale_record(
                    location=location,
                    items=pieces.items("q_"),
                    method=form.cleaned_data["method"],
                    on=timezone.localdate(),
                    by=request.user,
                    total=form.cleaned_data["total"],
                )
            except ValidationError as exc:
                flash_refusal(request, exc)
            else:
                messages.success(request, _("Venta %(n)s registrada.") % {"n": sale.number})
                return redirect("sale_detail", group_id, sale.id)
    return render(
        request,
        "sales/quick_sale.html",
        {
            "access": access,
            "places": places,
            "location": location,
            "levels": selectors.stock_levels(access.group, location),
            "methods": services.sale_method_choices(),
        },
    )


@login_required
def sale_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, sale_id: uuid.UUID
) -> HttpResponse:
    """The sale and its simple receipt (prints on one page)."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    sale = sale_for(access, sale_id)
    lines = sale.lines.select_related("product", "maker")
    method = dict(services.sale_method_choices()).get(sale.method, _("Tienda aliada"))
    void = SaleVoid.objects.filter(sale=sale).select_related("by").first()
    return render(
        request,
        "sales/sale_detail.html",
        {
            "access": access,
            "sale": sale,
            "lines": lines,
            "method": method,
            "void": void,
            "effects": [] if void else selectors.sale_void_effects(sale),
        },
    )


@login_required
@require_POST
def sale_void(request: AuthedHttpRequest, group_id: uuid.UUID, sale_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    require_sell(access)
    sale = sale_for(access, sale_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("sale_detail", group_id, sale.id)
    try:
        services.sale_void(
            sale=sale,
            reason=form.cleaned_data["reason"],
            on=timezone.localdate(),
            by=request.user,
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Venta %(n)s anulada.") % {"n": sale.number})
    return redirect("sale_detail", group_id, sale.id)
