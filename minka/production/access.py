"""Fetch production records for a user's group access, or 404."""

import uuid

from django.shortcuts import get_object_or_404

from minka.members.access import Access
from minka.production.models import Allocation, Order, OrderLine


def order_for(access: Access, order_id: uuid.UUID) -> Order:
    return get_object_or_404(Order.objects.select_related("buyer"), group=access.group, id=order_id)


def line_for(access: Access, line_id: uuid.UUID) -> OrderLine:
    return get_object_or_404(
        OrderLine.objects.select_related("order", "product__technique"),
        order__group=access.group,
        id=line_id,
    )


def allocation_for(access: Access, allocation_id: uuid.UUID) -> Allocation:
    return get_object_or_404(
        Allocation.objects.select_related("member", "line__order", "line__product"),
        line__order__group=access.group,
        id=allocation_id,
    )
