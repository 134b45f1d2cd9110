"""Stock: the places pieces are kept, pieces coming in (made on her own, or accepted
from an order) and pieces carried between places (to a fair, to a partner store and
back). Every move is a row of the move log; nothing is edited."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from minka.members.models import Group, Member
from minka.production.models import Delivery, Product
from minka.production.selectors import accepted_pieces
from minka.sales.models import Location, LocationKind, MoveKind, Origin, StockMove
from minka.sales.selectors import Item, on_hand
from minka.sales.services.base import lock_group, refuse_future


def stock_check(location: Location, items: Sequence[Item]) -> None:
    """Refuse if the place does not hold every piece asked for. Call under the lock."""
    wanted: dict[tuple[object, object, str], int] = defaultdict(int)
    for item in items:
        if item.quantity <= 0:
            raise ValidationError(_("Las cantidades deben ser mayores que cero."))
        if item.product.group_id != location.group_id or item.maker.group_id != location.group_id:
            raise ValidationError(_("Ese diseño o esa socia no son de este grupo."))
        if item.origin not in Origin.values:
            raise ValidationError(_("Origen de la pieza desconocido."))
        wanted[(item.product.pk, item.maker.pk, item.origin)] += item.quantity
    problems = []
    for item in items:
        key = (item.product.pk, item.maker.pk, item.origin)
        if key not in wanted:
            continue
        have = on_hand(location, item.product, item.maker, item.origin)
        if wanted.pop(key) > have:
            problems.append(
                _("En %(place)s solo hay %(n)d de «%(product)s» de %(maker)s.")
                % {
                    "place": location.name,
                    "n": have,
                    "product": item.product.name,
                    "maker": item.maker.full_name,
                }
            )
    if problems:
        raise ValidationError(problems)


def location_create(
    *,
    group: Group,
    name: str,
    kind: str,
    commission_percent: Decimal = Decimal("0"),
    contact: str = "",
) -> Location:
    name = name.strip()
    if not name:
        raise ValidationError(_("Escriba el nombre del lugar."))
    if kind not in LocationKind.values:
        raise ValidationError(_("Elija el tipo de lugar."))
    if not Decimal("0") <= commission_percent <= Decimal("100"):
        raise ValidationError(_("La comisión va de 0 a 100 %."))
    if kind != LocationKind.STORE:
        commission_percent = Decimal("0")
    if Location.objects.filter(group=group, name__iexact=name).exists():
        raise ValidationError(_("Ya hay un lugar con ese nombre."))
    return Location.objects.create(
        group=group, name=name, kind=kind, commission_percent=commission_percent, contact=contact
    )


def stock_add_own(
    *, location: Location, product: Product, maker: Member, quantity: int, on: date, by: User
) -> StockMove:
    """Pieces a member made on her own for sale, brought into a place."""
    if quantity <= 0:
        raise ValidationError(_("Las cantidades deben ser mayores que cero."))
    if product.group_id != location.group_id or maker.group_id != location.group_id:
        raise ValidationError(_("Ese diseño o esa socia no son de este grupo."))
    refuse_future(on)
    with transaction.atomic():
        lock_group(location.group)
        return StockMove.objects.create(
            group_id=location.group_id,
            kind=MoveKind.OWN,
            product=product,
            maker=maker,
            origin=Origin.OWN,
            to_location=location,
            quantity=quantity,
            moved_on=on,
            by=by,
        )


def stock_receive_from_production(
    *, delivery: Delivery, location: Location, on: date, by: User
) -> StockMove:
    """Bring the accepted pieces of a production delivery into a place, once."""
    refuse_future(on)
    with transaction.atomic():
        lock_group(location.group)
        delivery = Delivery.objects.select_related(
            "allocation__member", "allocation__line__product"
        ).get(pk=delivery.pk)
        member = delivery.allocation.member
        if member.group_id != location.group_id:
            raise ValidationError(_("Esa entrega no es de este grupo."))
        if StockMove.objects.filter(delivery=delivery).exists():
            raise ValidationError(_("Las piezas de esta entrega ya están en el stock."))
        quantity = accepted_pieces(delivery)
        if quantity == 0:
            raise ValidationError(_("Esta entrega no tiene piezas aceptadas."))
        try:
            with transaction.atomic():
                return StockMove.objects.create(
                    group_id=location.group_id,
                    kind=MoveKind.PRODUCTION,
                    product=delivery.allocation.line.product,
                    maker=member,
                    origin=Origin.PRODUCTION,
                    to_location=location,
                    quantity=quantity,
                    moved_on=on,
                    delivery=delivery,
                    by=by,
                )
        except IntegrityError as exc:
            raise ValidationError(_("Las piezas de esta entrega ya están en el stock.")) from exc


def stock_move(
    *, source: Location, target: Location, items: Sequence[Item], on: date, by: User
) -> list[StockMove]:
    """Carry pieces from one place to another: to a fair, to a partner store (consignment),
    or back from a store (a return; refused for pieces the store does not have)."""
    if source.pk == target.pk:
        raise ValidationError(_("Elija dos lugares distintos."))
    if source.group_id != target.group_id:
        raise ValidationError(_("Esos lugares no son del mismo grupo."))
    if not items:
        raise ValidationError(_("Elija al menos una pieza."))
    if source.is_store and target.is_store:
        raise ValidationError(_("Las piezas de una tienda aliada vuelven primero al grupo."))
    refuse_future(on)
    kind = MoveKind.MOVE
    if target.is_store:
        kind = MoveKind.CONSIGN
    elif source.is_store:
        kind = MoveKind.STORE_RETURN
    with transaction.atomic():
        lock_group(source.group)
        stock_check(source, items)
        return [
            StockMove.objects.create(
                group_id=source.group_id,
                kind=kind,
                product=item.product,
                maker=item.maker,
                origin=item.origin,
                from_location=source,
                to_location=target,
                quantity=item.quantity,
                moved_on=on,
                by=by,
            )
            for item in items
        ]
