"""Selling pages. Views authorise, parse a form, call one service, render."""

import csv
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.lib.http import AuthedHttpRequest, flash_refusal
from minka.lib.money import to_decimal
from minka.members.access import Can, group_access
from minka.members.models import Group, Member
from minka.production.models import Delivery, Grade, Product
from minka.sales import catalogue, reports, services
from minka.sales.access import location_for, require_sell, sale_for, store_for
from minka.sales.forms import (
    CatalogueForm,
    ExpenseForm,
    LocationForm,
    OwnStockForm,
    PeriodForm,
    RuleForm,
)
from minka.sales.models import (
    CatalogueEntry,
    FundEntry,
    Location,
    LocationKind,
    Origin,
    Sale,
    SaleLine,
    SaleVoid,
    Settlement,
    StockMove,
)
from minka.sales.services import Item


def _items(group: Group, data: Mapping[str, str], prefix: str) -> list[Item]:
    """Pieces chosen on a form: fields named <prefix><product>_<maker>_<origin> = count."""
    wanted: list[tuple[uuid.UUID, uuid.UUID, str, int]] = []
    for name, value in data.items():
        if not name.startswith(prefix) or not str(value).strip():
            continue
        try:
            product_key, maker_key, origin = name.removeprefix(prefix).split("_")
            quantity = int(str(value).strip())
            wanted.append((uuid.UUID(product_key), uuid.UUID(maker_key), origin, quantity))
        except ValueError as exc:
            raise ValidationError(_("Escriba las cantidades con números enteros.")) from exc
        if quantity < 0 or origin not in Origin.values:
            raise ValidationError(_("Escriba las cantidades con números enteros."))
    wanted = [w for w in wanted if w[3] > 0]
    products = Product.objects.filter(group=group).in_bulk({w[0] for w in wanted})
    makers = Member.objects.filter(group=group).in_bulk({w[1] for w in wanted})
    items = []
    for product_id, maker_id, origin, quantity in wanted:
        if product_id not in products or maker_id not in makers:
            raise ValidationError(_("Ese diseño o esa socia no son de este grupo."))
        items.append(Item(products[product_id], makers[maker_id], origin, quantity))
    return items


def _date(value: str | None, default: date) -> date:
    if not value:
        return default
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return default


@login_required
def sales_home(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    group = access.group
    levels = services.stock_levels(group)
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
            "fund": services.fund_balance(group),
            "rule": services.share_rule(group),
            "can_sell": access.can_manage or access.can_pay,
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
def stock(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    group = access.group
    can_sell = access.can_manage or access.can_pay
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
    # Deliveries with accepted pieces not yet brought into stock.
    receivable = (
        Delivery.objects.filter(allocation__member__group=group, stock_move__isnull=True)
        .annotate(accepted=Sum("checks__quantity", filter=Q(checks__grade__in=[Grade.A, Grade.B])))
        .filter(accepted__gt=0)
        .select_related("allocation__member", "allocation__line__product")
        .order_by("received_on")
    )
    return render(
        request,
        "sales/stock.html",
        {
            "access": access,
            "levels": services.stock_levels(group),
            "moves": StockMove.objects.filter(group=group)
            .select_related("product", "maker", "from_location", "to_location", "sale")
            .order_by("-moved_on", "-created_at")[:30],
            "form": form,
            "receivable": receivable,
            "locations": Location.objects.filter(group=group).exclude(kind=LocationKind.STORE),
            "can_sell": can_sell,
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
    try:
        location = location_for(access, uuid.UUID(request.POST.get("location", "")))
    except ValueError as exc:
        raise Http404 from exc
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
        try:
            target = location_for(access, uuid.UUID(request.POST.get("target", "")))
        except ValueError:
            messages.error(request, _("Elija a dónde van las piezas."))
        else:
            try:
                items = _items(access.group, request.POST, "q_")
                services.stock_move(
                    source=source,
                    target=target,
                    items=items,
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
            "levels": services.stock_levels(access.group, source),
        },
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
    chosen = request.GET.get("at") or request.POST.get("at")
    location = places[0]
    if chosen:
        try:
            location = location_for(access, uuid.UUID(chosen))
        except ValueError as exc:
            raise Http404 from exc
        if location.is_store:
            raise Http404
    if request.method == "POST":
        try:
            items = _items(access.group, request.POST, "q_")
            raw_total = request.POST.get("total", "").strip().removeprefix("S/").strip()
            total = to_decimal(raw_total.replace(",", "")) if raw_total else None
            sale = services.sale_record(
                location=location,
                items=items,
                method=request.POST.get("method", ""),
                on=timezone.localdate(),
                by=request.user,
                total=total,
            )
        except (ValueError, InvalidOperation):
            messages.error(request, _("Escriba el precio con números, por ejemplo 120.50."))
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
            "levels": services.stock_levels(access.group, location),
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
            "can_sell": access.can_manage or access.can_pay,
        },
    )


@login_required
@require_POST
def sale_void(request: AuthedHttpRequest, group_id: uuid.UUID, sale_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    require_sell(access)
    sale = sale_for(access, sale_id)
    try:
        services.sale_void(
            sale=sale,
            reason=request.POST.get("reason", "")[:150],
            on=timezone.localdate(),
            by=request.user,
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Venta %(n)s anulada.") % {"n": sale.number})
    return redirect("sale_detail", group_id, sale.id)


@login_required
def store_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    stores = Location.objects.filter(group=access.group, kind=LocationKind.STORE).annotate(
        n_sales=Count("sales", filter=Q(sales__settlement__isnull=True))
    )
    return render(request, "sales/store_list.html", {"access": access, "stores": stores})


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    start = _date(request.GET.get("start"), today.replace(day=1))
    end = _date(request.GET.get("end"), today)
    return start, end


@login_required
def store_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, store_id: uuid.UUID
) -> HttpResponse:
    """A partner store's statement for a period: pieces it holds, what it sold, settlements."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    store = store_for(access, store_id)
    start, end = _period(request)
    account = services.store_account(store, start, end, unsettled=False)
    pending = services.store_account(store, start, end, unsettled=True)
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
            "levels": services.stock_levels(access.group, store),
            "settlements": Settlement.objects.filter(store=store),
            "report_columns": [("sold_", _("Vendidas")), ("ret_", _("Devueltas"))],
            "homes": Location.objects.filter(group=access.group).exclude(kind=LocationKind.STORE),
            "can_sell": access.can_manage or access.can_pay,
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
    back_to = None
    if request.POST.get("back_to"):
        try:
            back_to = location_for(access, uuid.UUID(request.POST["back_to"]))
        except ValueError as exc:
            raise Http404 from exc
    try:
        services.store_report(
            store=store,
            sold=_items(access.group, request.POST, "sold_"),
            returned=_items(access.group, request.POST, "ret_"),
            back_to=back_to,
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
        {"access": access, "settlement": settlement, "lines": lines},
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
            "balance": services.fund_balance(access.group),
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
    try:
        services.fund_entry_reverse(
            entry=entry,
            reason=request.POST.get("reason", "")[:150],
            on=timezone.localdate(),
            by=request.user,
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Movimiento corregido."))
    return redirect("fund", group_id)


@login_required
def report(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Sales by product, channel and month; money to makers and to the fund."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    fmt = request.GET.get("format", "")
    rows = reports.sales_rows(access.group)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ventas.csv"'
        writer = csv.writer(response)
        writer.writerow(reports.headers())
        for row in rows:
            writer.writerow(row.as_list())
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            reports.xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="ventas.xlsx"'
        return response
    return render(
        request,
        "sales/report.html",
        {"access": access, "rows": rows, "totals": reports.totals(rows)},
    )


def catalogue_public(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The group's public catalogue: no login; only designs marked public, and a maker's
    name and story only with her recorded consent."""
    group = get_object_or_404(Group, id=group_id)
    return render(
        request,
        "sales/catalogue_public.html",
        {"group": group, "entries": _public_entries(group)},
    )


@login_required
def rule_edit(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The group's revenue-share rule (decided in assembly; set by the coordinator)."""
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = RuleForm(request.POST or None, instance=services.share_rule(access.group))
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


@login_required
def catalogue_edit(
    request: AuthedHttpRequest, group_id: uuid.UUID, product_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    product = get_object_or_404(Product, group=access.group, id=product_id)
    entry = CatalogueEntry.objects.filter(product=product).first()
    form = CatalogueForm(
        request.POST or None, request.FILES or None, instance=entry, group=access.group
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.catalogue_entry_save(
                product=product,
                public=d["public"],
                design_story=d["design_story"],
                maker=d["maker"],
                maker_story=d["maker_story"],
                maker_consent=d["maker_consent"],
                photo=request.FILES.get("photo"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Catálogo actualizado."))
            return redirect("sales_home", group_id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Catálogo: %(p)s") % {"p": product}},
    )


def _public_entries(group: Group) -> "list[CatalogueEntry]":
    return list(
        CatalogueEntry.objects.filter(product__group=group, public=True)
        .select_related("product__technique", "maker")
        .order_by("product__code")
    )


def catalogue_photo(
    request: HttpRequest, group_id: uuid.UUID, product_id: uuid.UUID
) -> FileResponse:
    """A design's photo. Public when the design is in the public catalogue; otherwise
    only for people of the group. Media files are not served wholesale: members' own
    photos must not be reachable by guessing a path."""
    entry = get_object_or_404(
        CatalogueEntry.objects.select_related("product"),
        product__group_id=group_id,
        product_id=product_id,
    )
    if not entry.public:
        group_access(request.user, group_id)  # 404 for anyone outside the group
    if not entry.photo:
        raise Http404
    try:
        handle = entry.photo.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=_image_type(entry.photo.name))
    response["Cache-Control"] = "max-age=86400"
    return response


def _image_type(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".png"):
        return "image/png"
    if lower.endswith(".webp"):
        return "image/webp"
    if lower.endswith(".gif"):
        return "image/gif"
    return "image/jpeg"


def catalogue_pdf(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The printable catalogue: the same designs and stories as the public page."""
    group = get_object_or_404(Group, id=group_id)
    pdf = catalogue.catalogue_pdf(group, _public_entries(group))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="catalogo.pdf"'
    return response
