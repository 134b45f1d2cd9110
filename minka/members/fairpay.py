"""Fair pay: what a piece rate pays for an hour of work, against a fair hourly wage.

One rule in one place: the product form, the organisation's desk and the project
indicator all call these.

The default fair wage is Peru's minimum monthly wage (remuneración mínima vital) of
S/ 1,130, in force since 2025-01-01 (Decreto Supremo 006-2024-TR, El Peruano,
2024-12-28), spread over the legal 48-hour week: 1,130 / (48 x 52 / 12) hours =
S/ 5.43 an hour. An organisation may set its own (Organisation.fair_hourly_wage).
"""

from decimal import ROUND_HALF_UP, Decimal

from minka.lib.money import cents
from minka.members.models import Organisation

MINIMUM_MONTHLY_WAGE = Decimal("1130")
MINIMUM_WAGE_SINCE = "2025-01-01"
MINIMUM_WAGE_SOURCE = "DS 006-2024-TR"
HOURS_PER_WEEK = Decimal("48")
WEEKS_PER_MONTH = Decimal("52") / Decimal("12")
DEFAULT_FAIR_HOURLY_WAGE = cents(MINIMUM_MONTHLY_WAGE / (HOURS_PER_WEEK * WEEKS_PER_MONTH))


def fair_hourly_wage(organisation: Organisation | None) -> Decimal:
    """The organisation's fair hourly wage in soles, or the legal default."""
    if organisation is not None and organisation.fair_hourly_wage is not None:
        return organisation.fair_hourly_wage
    return DEFAULT_FAIR_HOURLY_WAGE


def hourly_pay(rate: Decimal, minutes: int) -> Decimal:
    """What a piece rate pays for an hour of work, to the cent."""
    if minutes <= 0:
        raise ValueError("a design takes some minutes")
    return (rate * 60 / Decimal(minutes)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pays_fairly(rate: Decimal, minutes: int, wage: Decimal) -> bool:
    """At or above the fair wage, compared exactly (rate x 60 ≥ wage x minutes), as the
    database compares it when it counts pieces paid fairly."""
    return rate * 60 >= wage * minutes
