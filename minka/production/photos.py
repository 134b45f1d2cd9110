"""Photos of the designs: uploaded by the coordinator, shown small on a member's work
cards. Checked and redrawn on upload (minka.lib.images.photo_clean)."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from minka.lib.http import AuthedHttpRequest
from minka.lib.images import photo_clean
from minka.members.access import Can, group_access
from minka.production.models import Product

PAGE_SIDE = 800  # the design's own page
THUMB_SIDE = 160  # a work card on her phone shows it at 64 px (sharp up to 2.5x)


class PhotoFields(forms.ModelForm):
    """Mixed into a product's forms: the photo, redrawn in two sizes."""

    thumb_file: Any = None

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            self.thumb_file = photo_clean(photo, max_side=THUMB_SIDE)
            return photo_clean(photo, max_side=PAGE_SIDE)
        return photo

    def save(self, commit: bool = True) -> Any:
        product = super().save(commit=False)
        if self.thumb_file is not None:
            product.thumb = self.thumb_file
        if commit:
            product.save()
        return product


class ProductPhotoForm(PhotoFields):
    class Meta:
        model = Product
        fields = ["photo"]

    def clean_photo(self) -> Any:
        if not isinstance(self.cleaned_data.get("photo"), UploadedFile):
            raise forms.ValidationError(_("Elija una foto del diseño."))
        return super().clean_photo()


@login_required
def product_photo(
    request: AuthedHttpRequest, group_id: uuid.UUID, product_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    product = get_object_or_404(Product, group=access.group, id=product_id)
    form = ProductPhotoForm(request.POST or None, request.FILES or None, instance=product)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Foto del diseño %(p)s guardada.") % {"p": product})
        return redirect("product_list", access.group.id)
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "form": form, "product": product}
    return render(request, "production/product_photo.html", context, status=status)


@login_required
def product_thumb(
    request: AuthedHttpRequest, group_id: uuid.UUID, product_id: uuid.UUID
) -> FileResponse:
    """The small photo, for anyone of the group (a member sees the designs she makes)."""
    access = group_access(request.user, group_id)
    product = get_object_or_404(Product, group=access.group, id=product_id)
    if not product.thumb:
        raise Http404
    return FileResponse(product.thumb.open("rb"), content_type="image/jpeg")
