"""How a design shows in the public catalogue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minka.members.models import Member
from minka.production.models import Product
from minka.sales.models import CatalogueEntry


def catalogue_entry_save(
    *,
    product: Product,
    public: bool,
    design_story: str,
    maker: Member | None,
    maker_story: str,
    maker_consent: bool,
    photo: object | None = None,
) -> CatalogueEntry:
    """How a design shows in the catalogue. Her name and story are printed only when her
    consent is recorded; without it they stay on this page and nowhere else."""
    if maker is not None and maker.group_id != product.group_id:
        raise ValidationError(_("Esa socia no es de este grupo."))
    if maker_consent and maker is None:
        raise ValidationError(_("Elija a la artesana que dio su consentimiento."))
    with transaction.atomic():
        entry, _created = CatalogueEntry.objects.select_for_update().get_or_create(product=product)
        entry.public = public
        entry.design_story = design_story.strip()
        entry.maker = maker
        entry.maker_story = maker_story.strip()
        entry.maker_consent = maker_consent
        old_photo = entry.photo.name if photo is not None and entry.photo else ""
        if photo is not None:
            entry.photo = photo
        entry.save()
        if old_photo and old_photo != entry.photo.name:
            # The replaced photo leaves the disk once the change is committed.
            storage = entry.photo.storage
            transaction.on_commit(lambda: storage.delete(old_photo))
    return entry
