"""The public catalogue (page, photos, PDF) and how a design shows in it."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from minka.lib.http import AuthedHttpRequest
from minka.members.access import Can, group_access
from minka.members.models import Group
from minka.production.models import Product
from minka.sales import catalogue, services
from minka.sales.forms import (
    CatalogueForm,
)
from minka.sales.models import (
    CatalogueEntry,
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
                photo=d["photo"] if isinstance(d["photo"], ContentFile) else None,
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
    entries = list(
        CatalogueEntry.objects.filter(product__group=group, public=True)
        .select_related("product__technique", "maker")
        .order_by("product__code")
    )
    for entry in entries:
        entry.show_maker = catalogue.shows_maker(entry)  # for the template
    return entries


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
