"""Production pages. Views authorise, parse a form, call one service, render."""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.forms import formset_factory
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from minka.ledger.selectors import group_owed
from minka.lib.http import AuthedHttpRequest, flash_refusal
from minka.members.access import Can, group_access, member_for
from minka.members.fairpay import fair_hourly_wage
from minka.members.models import Member, MemberStatus
from minka.production import services
from minka.production.access import allocation_for, line_for, order_for
from minka.production.forms import (
    AllocationForm,
    AllocationLinkForm,
    BuyerForm,
    DeliveryForm,
    MaterialForm,
    MaterialMoveForm,
    OrderForm,
    OrderLineForm,
    ProductForm,
    ProductMaterialForm,
    StatusForm,
)
from minka.production.models import (
    Buyer,
    Material,
    OrderStatus,
    Product,
)
from minka.production.selectors import (
    allocations_with_progress,
    order_progress,
    orders_with_progress,
)


@login_required
def dashboard(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    if not access.can_view_group and access.member:
        return redirect("member_statement", group_id, access.member.id)
    access.require(Can.VIEW_GROUP)
    group = access.group
    open_orders = orders_with_progress(group).filter(
        status__in=[OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.DRAFT]
    )
    counts = Member.objects.filter(group=group).aggregate(
        active=Count("id", filter=Q(status=MemberStatus.ACTIVE)), all=Count("id")
    )
    owed = group_owed(group)
    return render(
        request,
        "production/dashboard.html",
        {
            "access": access,
            "orders": open_orders,
            "counts": counts,
            "owed": owed,
        },
    )


@login_required
def order_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    orders = orders_with_progress(access.group)
    return render(request, "production/order_list.html", {"access": access, "orders": orders})


@login_required
def order_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = OrderForm(request.POST or None, group=access.group)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            order = services.order_create(
                group=access.group,
                buyer=d["buyer"],
                currency=d["currency"],
                exchange_rate=d["exchange_rate"] or Decimal("1"),
                deadline=d["deadline"],
                ordered_on=d["ordered_on"],
                notes=d["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Pedido %(n)s creado. Agregue sus líneas.") % {"n": order.number}
            )
            return redirect("order_detail", group_id, order.id)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Nuevo pedido"),
            "intro": _("¿No está el cliente? Regístrelo primero en Diseños, con «Nuevo cliente»."),
        },
    )


@login_required
def order_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, order_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    order = order_for(access, order_id)
    line_form = OrderLineForm(request.POST or None, group=access.group)
    if request.method == "POST":
        access.require(Can.MANAGE)
        if line_form.is_valid():
            d = line_form.cleaned_data
            try:
                services.order_line_add(
                    order=order,
                    product=d["product"],
                    quantity=d["quantity"],
                    unit_price=d["unit_price"],
                    deadline=d["deadline"],
                )
            except ValidationError as exc:
                line_form.add_error(None, exc)
            else:
                messages.success(request, _("Línea agregada."))
                return redirect("order_detail", group_id, order.id)
    lines = list(
        order.lines.select_related("product").annotate(allocated=Sum("allocations__quantity"))
    )
    allocations = allocations_with_progress(line__order=order).order_by(
        "line__created_at", "member__number"
    )
    total = sum((line.total for line in lines), Decimal("0"))
    return render(
        request,
        "production/order_detail.html",
        {
            "access": access,
            "order": order,
            "lines": lines,
            "allocations": allocations,
            "line_form": line_form,
            "total": total,
            "progress": order_progress(today=timezone.localdate(), order=order)
            if order.is_open
            else [],
            "next_statuses": [
                s for s in OrderStatus if order.can_become(s) and s != OrderStatus.IN_PRODUCTION
            ],
        },
    )


@login_required
@require_POST
def order_status(
    request: AuthedHttpRequest, group_id: uuid.UUID, order_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    order = order_for(access, order_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ese estado no existe."))
    else:
        try:
            services.order_set_status(order=order, status=form.cleaned_data["status"])
        except ValidationError as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Estado del pedido actualizado."))
    return redirect("order_detail", group_id, order.id)


@login_required
def line_allocate(
    request: AuthedHttpRequest, group_id: uuid.UUID, line_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    line = line_for(access, line_id)
    plan = services.allocation_plan(line=line)
    form = AllocationForm(request.POST if request.method == "POST" else None, plan=plan)
    errors: list[str] = []
    if request.method == "POST":
        if not form.is_valid():
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        else:
            try:
                made = services.allocations_confirm(
                    line=line, pieces=form.pieces(), by=request.user
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Reparto confirmado: %(n)d socia.",
                        "Reparto confirmado: %(n)d socias.",
                        len(made),
                    )
                    % {"n": len(made)},
                )
                return redirect("order_detail", group_id, line.order_id)
    rows = [(e, form[f"m_{e.share.candidate.member_id}"].value() or 0) for e in plan.explained]
    return render(
        request,
        "production/line_allocate.html",
        {
            "access": access,
            "line": line,
            "plan": plan,
            "rows": rows,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
def delivery_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, allocation_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    allocation = allocation_for(access, allocation_id)
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.delivery_record(
                allocation=allocation,
                received_on=d["received_on"],
                quantity=d["quantity"],
                grade_a=d["grade_a"],
                grade_b=d["grade_b"],
                rework=d["rework"],
                rejected=d["rejected"],
                defect=d["defect"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Entrega de %(name)s registrada.") % {"name": allocation.member}
            )
            return redirect("order_detail", group_id, allocation.line.order_id)
    progress = services.allocation_progress(allocation)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Entrega y control de calidad"),
            "intro": _("%(name)s · %(product)s · encargo de %(q)d, le faltan %(left)d.")
            % {
                "name": allocation.member,
                "product": allocation.line.product.name,
                "q": allocation.quantity,
                "left": progress.outstanding,
            },
            "submit": _("Registrar entrega"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def material_move_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    member = member_for(access, member_id)
    link = AllocationLinkForm(request.GET, member=member)
    if not link.is_valid():
        raise Http404
    form = MaterialMoveForm(
        request.POST or None, member=member, initial={"allocation": link.cleaned_data["allocation"]}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.material_move_record(
                member=member,
                material=d["material"],
                kind=d["kind"],
                grams=d["grams"],
                moved_on=d["moved_on"],
                allocation=d["allocation"],
                lot=d["lot"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Insumos registrados."))
            return redirect("member_statement", group_id, member.id)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Insumos de %(name)s") % {"name": member},
            "submit": _("Registrar"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def product_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    products = Product.objects.filter(group=access.group).select_related("technique")
    return render(
        request,
        "production/product_list.html",
        {
            "access": access,
            "products": products,
            "buyers": Buyer.objects.filter(group=access.group),
            "materials": Material.objects.filter(group=access.group),
        },
    )


MaterialRows = formset_factory(ProductMaterialForm, extra=3, max_num=10)


@login_required
def product_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = ProductForm(
        request.POST or None,
        request.FILES or None,
        fair_wage=fair_hourly_wage(access.group.organisation),
    )
    rows = MaterialRows(request.POST or None, form_kwargs={"group": access.group})
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        product = form.save(commit=False)
        product.group = access.group
        try:
            services.product_save(
                product=product,
                materials=[
                    (r["material"], r["grams"]) for r in rows.cleaned_data if r.get("material")
                ],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Diseño %(p)s guardado.") % {"p": product})
            if form.fair_pay_warning:
                messages.warning(request, form.fair_pay_warning)
            return redirect("product_list", group_id)
    return render(
        request,
        "production/product_form.html",
        {
            "access": access,
            "form": form,
            "rows": rows,
        },
        status=400 if request.method == "POST" else 200,
    )


def _simple_create(
    request: AuthedHttpRequest,
    group_id: uuid.UUID,
    form_class: type[BuyerForm | MaterialForm],
    title: str,
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.group = access.group
        record.save()
        messages.success(request, _("%(x)s guardado.") % {"x": record})
        return redirect("product_list", group_id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def buyer_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    return _simple_create(request, group_id, BuyerForm, _("Nuevo cliente"))


@login_required
def material_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    return _simple_create(request, group_id, MaterialForm, _("Nuevo insumo"))
