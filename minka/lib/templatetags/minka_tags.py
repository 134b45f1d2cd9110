from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import translation

from minka.lib.money import format_grams, format_money

register = template.Library()


@register.filter
def money(value: Decimal | None, currency: str = "PEN") -> str:
    """{{ amount|money }} -> 'S/ 1,234.50'; {{ amount|money:"USD" }} -> 'US$ 1,234.50'."""
    if value is None:
        return "—"
    return format_money(Decimal(value), currency or "PEN")


@register.filter
def grams(value: Decimal | None) -> str:
    """{{ g|grams }} -> '1,234.5 g'."""
    return "—" if value is None else format_grams(Decimal(value))


@register.filter
def percent(value: float | Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.0f}%"


@register.filter
def absolute(value: Decimal | None) -> Decimal | None:
    """{{ amount|absolute|money }}: a sum shown with words (received, owed), not a sign."""
    return None if value is None else abs(Decimal(value))


@register.filter
def subtract(value: int, arg: int) -> int:
    return int(value) - int(arg)


# Each language is offered in its own name, so a reader finds hers whatever is showing.
LOCAL_NAMES = {"es-pe": "Español", "en": "English", "qu": "Runasimi", "ay": "Aymar aru"}


@register.simple_tag
def other_languages() -> list[tuple[str, str]]:
    current = translation.get_language()
    return [
        (code, LOCAL_NAMES.get(code, code)) for code, _name in settings.LANGUAGES if code != current
    ]
