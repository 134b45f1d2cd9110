"""Small helpers every selling service uses."""

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from minka.lib.i18n import record_language
from minka.lib.money import CENT
from minka.members.models import Group


def record_text(message: str, **values: object) -> str:
    """A text stored on a record, in the records' language (not the user's)."""
    with record_language():
        return gettext(message) % values


def floor_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def lock_group(group: Group) -> Group:
    """Lock the group row: every write that takes pieces out of a place or money out of
    the fund does this first, so two at once cannot both take the last one."""
    return Group.objects.select_for_update().get(pk=group.pk)


def refuse_future(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser futura."))
