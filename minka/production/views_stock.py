"""The centre's materials: the stock page, and the forms to receive, hand out and count.
Views authorise, parse a form, call one service (minka.production.stock), render."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minka.lib.http import AuthedHttpRequest, form_page
from minka.members.access import Can, group_access
from minka.production import stock
from minka.production.forms_stock import CountForm, HandOutForm, HandOutLineForm, ReceiveForm
from minka.production.models import MaterialMove


@login_required
def material_stock(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    recent = (
        MaterialMove.objects.filter(group=access.group)
        .select_related("material", "member")
        .order_by("-moved_on", "-created_at")[:20]
    )
    return render(
        request,
        "production/material_stock.html",
        {
            "access": access,
            "rows": stock.centre_stock(access.group),
            "holdings": stock.member_holdings(access.group),
            "recent": recent,
        },
    )


@login_required
def material_receive(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    return form_page(
        request,
        ReceiveForm(request.POST or None, group=access.group),
        lambda d: stock.materials_receive(
            group=access.group,
            material=d["material"],
            lot=d["lot"],
            grams=d["grams"],
            source=d["source"],
            received_on=d["received_on"],
            note=d["note"],
            by=request.user,
        ),
        done=lambda move: _("Recibido: %(g)s g de %(m)s.") % {"g": move.grams, "m": move.material},
        then=reverse("material_stock", args=[group_id]),
        context={
            "access": access,
            "title": _("Recibir insumos en el centro"),
            "intro": _("Lo que llega al centro: comprado, o enviado por la red o por un cliente."),
            "submit": _("Registrar ingreso"),
        },
    )


HandOutLines = formset_factory(
    HandOutLineForm, extra=4, max_num=12, validate_max=True, absolute_max=12
)


@login_required
def material_hand_out(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """One member receives several materials, colours or lots in one hand-out."""
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    rows = stock.centre_stock(access.group)
    data = request.POST if request.method == "POST" else None
    form = HandOutForm(data, group=access.group, initial=request.GET.dict() or None)
    lines = HandOutLines(data, form_kwargs={"stock": rows}, prefix="lines")
    errors: list[str] = []
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        chosen = [
            stock.HandOutLine(row.material, row.lot, f.cleaned_data["grams"])
            for f in lines.forms
            if (row := f.row()) is not None
        ]
        member = form.cleaned_data["member"]
        try:
            made = stock.materials_hand_out(
                member=member,
                lines=chosen,
                moved_on=form.cleaned_data["moved_on"],
                by=request.user,
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "Entregado a %(name)s: %(n)d insumo.",
                    "Entregado a %(name)s: %(n)d insumos.",
                    len(made),
                )
                % {"name": member.full_name, "n": len(made)},
            )
            return redirect("material_stock", group_id)
    return render(
        request,
        "production/material_hand_out.html",
        {
            "access": access,
            "form": form,
            "lines": lines,
            "errors": errors,
            "has_stock": any(r.on_hand > 0 for r in rows),
        },
        status=400 if request.method == "POST" else 200,
    )


def _counted(move: MaterialMove) -> str:
    if move.grams:
        return _("Conteo guardado: %(m)s, diferencia de %(d)s g con lo registrado.") % {
            "m": move.material,
            "d": f"{move.grams:+}",
        }
    return _("Conteo guardado: %(m)s coincide con lo registrado.") % {"m": move.material}


@login_required
def material_count(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    return form_page(
        request,
        CountForm(request.POST or None, group=access.group),
        lambda d: stock.material_count_record(
            group=access.group,
            material=d["material"],
            lot=d["lot"],
            counted=d["counted"],
            counted_on=d["counted_on"],
            note=d["note"],
            by=request.user,
        ),
        done=_counted,
        then=reverse("material_stock", args=[group_id]),
        context={
            "access": access,
            "title": _("Contar el stock de insumos"),
            "intro": _(
                "Pese o cuente lo que hay en el centro. Minka guarda la diferencia con lo "
                "registrado como un movimiento nuevo; nada se borra ni se cambia."
            ),
            "submit": _("Guardar conteo"),
        },
    )
