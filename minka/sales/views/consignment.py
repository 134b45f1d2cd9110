"""Partner stores: what each holds and sold, its reports and settlements."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest, flash_form_errors, flash_refusal
from minka.members.access import Can, group_access
from minka.sales import selectors, services
from minka.sales.access import require_sell, store_for
from minka.sales.forms import (
    PeriodForm,
    PeriodQueryForm,
    PiecesForm,
    StorePaidForm,
    StoreReportForm,
)
from minka.sales.models import (
    Location,
    LocationKind,
    SaleLine,
    Settlement,
    StockMove,
)


@login_required
def store_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    stores = Location.objects.filter(group=access.group, kind=LocationKind.STORE).annotate(
        n_sales=Count("sales", filter=Q(sales__settlement__isnull=True))
    )
    return render(request, "sales/store_list.html", {"access": access, "stores": stores})


@login_required
def store_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, store_id: uuid.UUID
) -> HttpResponse:
    """A partner store's statement for a period: pieces it holds, what it sold, settlements."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    store = store_for(access, store_id)
    period = PeriodQueryForm(request.GET)
    start, end = period.period(timezone.localdate())
    flash_form_errors(request, period)
    account = selectors.store_account(store, start, end, unsettled=False)
    pending = selectors.store_account(store, start, end, unsettled=True)
    moves = (
        StockMove.objects.filter(Q(to_location=store) | Q(from_location=store))
        .filter(moved_on__gte=start, moved_on__lte=end)
        .select_related("product", "maker")
    )
    return render(
        request,
        "sales/store_detail.html",
        {
            "access": access,
            "store": store,
            "start": start,
            "end": end,
            "account": account,
            "pending": pending,
            "moves": moves,
            "levels": selectors.stock_levels(access.group, store),
            "settlements": Settlement.objects.filter(store=store),
            "report_columns": [("sold_", _("Vendidas")), ("ret_", _("Devueltas"))],
            "homes": Location.objects.filter(group=access.group).exclude(kind=LocationKind.STORE),
        },
    )


@login_required
@require_POST
def store_report(
    request: AuthedHttpRequest, group_id: uuid.UUID, store_id: uuid.UUID
) -> HttpResponse:
    """What the store says it sold and what it gives back."""
    access = group_access(request.user, group_id)
    require_sell(access)
    store = store_for(access, store_id)
    form = StoreReportForm(request.POST, group=access.group)
    pieces = PiecesForm(request.POST, group=access.group, prefixes=["sold_", "ret_"])
    if not (form.is_valid() and pieces.is_valid()):
        flash_form_errors(request, form)
        flash_form_errors(request, pieces)
        return redirect("store_detail", group_id, store.id)
    try:
        services.store_report(
            store=store,
            sold=pieces.items("sold_"),
            returned=pieces.items("ret_"),
            back_to=form.cleaned_data["back_to"],
            on=timezone.localdate(),
            by=request.user,
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Reporte de la tienda registrado."))
    return redirect("store_detail", group_id, store.id)


@login_required
@require_POST
def settlement_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, store_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    require_sell(access)
    store = store_for(access, store_id)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Escriba las fechas como dd/mm/aaaa."))
        return redirect("store_detail", group_id, store.id)
    try:
        settlement = services.settlement_make(
            store=store,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            by=request.user,
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Liquidación %(n)s registrada.") % {"n": settlement.number})
    return redirect("store_detail", group_id, store.id)


@login_required
def settlement_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, settlement_id: uuid.UUID
) -> HttpResponse:
    """The settlement to hand to the store: what it sold, its commission, what it owes."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    settlement = get_object_or_404(
        Settlement.objects.select_related("store"), group=access.group, id=settlement_id
    )
    lines = (
        SaleLine.objects.filter(sale__settlement=settlement)
        .select_related("sale", "product")
        .order_by("sale__sold_on", "sale__created_at", "created_at")
    )
    return render(
        request,
        "sales/settlement_detail.html",
        {
            "access": access,
            "settlement": settlement,
            "lines": lines,
            "payments": settlement.payments.all(),
            "due": selectors.settlement_due(settlement),
            "paid_form": StorePaidForm(initial={"amount": selectors.settlement_due(settlement)}),
        },
    )


@login_required
@require_POST
def settlement_paid(
    request: AuthedHttpRequest, group_id: uuid.UUID, settlement_id: uuid.UUID
) -> HttpResponse:
    """The store paid us: the money goes into the cash book."""
    access = group_access(request.user, group_id)
    require_sell(access)
    settlement = get_object_or_404(
        Settlement.objects.select_related("store", "group"), group=access.group, id=settlement_id
    )
    form = StorePaidForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        try:
            services.settlement_paid(
                settlement=settlement,
                amount=form.cleaned_data["amount"],
                method=form.cleaned_data["method"],
                on=form.cleaned_data["on"],
                by=request.user,
            )
        except ValidationError as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Pago de la tienda registrado; entró a la caja."))
    return redirect("settlement_detail", group_id, settlement.id)
