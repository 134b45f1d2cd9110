"""Exact money: Decimal amounts with a currency code, Peru's way of writing them,
amounts in words for receipts, and splits that lose no cent."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from minka.lib.spanish_numbers import spanish_words

CENT = Decimal("0.01")
CURRENCIES = [("PEN", "PEN"), ("USD", "USD")]
SYMBOLS = {"PEN": "S/", "USD": "US$"}
WORDS = {"PEN": "SOLES", "USD": "DÓLARES AMERICANOS"}


def to_decimal(value: object) -> Decimal:
    """A Decimal from a string, int or Decimal; floats are refused (they are not exact)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    try:
        result = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return result


def cents(value: Decimal) -> Decimal:
    """Round to the cent, halves away from zero, as a Peruvian cashier does."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal) -> str:
    """1234.5 -> '1,234.50' (Peru: comma for thousands, point for decimals)."""
    return f"{cents(value):,.2f}"


def format_money(value: Decimal, currency: str = "PEN") -> str:
    """Decimal('1234.5') -> 'S/ 1,234.50'; negatives as '-S/ 10.00'."""
    symbol = SYMBOLS.get(currency, currency)
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol} {format_amount(abs(value))}"


def amount_in_words(value: Decimal, currency: str = "PEN") -> str:
    """As Peruvian receipts write it: 'SON: CIENTO VEINTE CON 50/100 SOLES'."""
    value = cents(value)
    if value < 0:
        raise ValueError("a receipt amount cannot be negative")
    whole = int(value.to_integral_value(rounding=ROUND_DOWN))
    hundredths = int((value - whole) * 100)
    words = " ".join(spanish_words(whole)).upper() if whole else "CERO"
    return f"SON: {words} CON {hundredths:02d}/100 {WORDS.get(currency, currency)}"


def split_exact(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Split total into parts proportional to weights, to the cent, losing nothing.

    Each part is rounded down; the cents left over go one each to the parts with the
    largest remainders, earlier parts first on ties. The parts always sum to total.
    """
    total = cents(total)
    if not weights or sum(weights) <= 0 or any(w < 0 for w in weights):
        raise ValueError("weights must be non-negative with a positive sum")
    units = int(total / CENT)
    weight_sum = sum(weights)
    shares = [units * w // weight_sum for w in weights]
    remainders = [units * w % weight_sum for w in weights]
    left = units - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        shares[i] += 1
    return [Decimal(s) * CENT for s in shares]


def format_grams(value: Decimal) -> str:
    """Grams as Peru writes numbers: '1,234.5 g' (a whole number without decimals)."""
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"
    return f"{text} g"
