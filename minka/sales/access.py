"""Fetch sales records for a user's group access, or 404."""

import uuid

from django.shortcuts import get_object_or_404

from minka.members.access import Access, Can
from minka.sales.models import Location, LocationKind, Sale


def require_sell(access: Access) -> None:
    """Selling and moving stock: the coordinator or the treasurer (Can.SELL)."""
    access.require(Can.SELL)


def location_for(access: Access, location_id: uuid.UUID) -> Location:
    return get_object_or_404(Location, group=access.group, id=location_id)


def store_for(access: Access, store_id: uuid.UUID) -> Location:
    return get_object_or_404(Location, group=access.group, id=store_id, kind=LocationKind.STORE)


def sale_for(access: Access, sale_id: uuid.UUID) -> Sale:
    return get_object_or_404(
        Sale.objects.select_related("location", "sold_by"), group=access.group, id=sale_id
    )
