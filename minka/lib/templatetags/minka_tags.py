from decimal import Decimal

from django import template

from minka.lib.money import format_money

register = template.Library()


@register.filter
def money(value: Decimal | None, currency: str = "PEN") -> str:
    """{{ amount|money }} -> 'S/ 1,234.50'; {{ amount|money:"USD" }} -> 'US$ 1,234.50'."""
    if value is None:
        return "—"
    return format_money(Decimal(value), currency or "PEN")


@register.filter
def percent(value: float | Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.0f}%"


@register.filter
def subtract(value: int, arg: int) -> int:
    return int(value) - int(arg)
