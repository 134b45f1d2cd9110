"""Peruvian mobile numbers as members write them, and as the modem reports them.

A member's record may say '987 654 321', '+51 987654321' or '0051-987-654-321'; the
modem says '+51987654321'. Both become '+51987654321' (E.164) to be compared, and
'+51 987 654 321' to be shown. Only Peruvian mobiles (9 digits starting with 9) count:
Minka never answers a short code, an operator's name or a number abroad, which would
cost the group money for nothing.
"""

import re

import phonenumbers

_NOT_DIGITS = re.compile(r"[^\d+]")


def normalise(raw: str) -> str | None:
    """'+519XXXXXXXX' for a Peruvian mobile, None for anything else."""
    if not raw or len(raw) > 40:
        return None
    digits = _NOT_DIGITS.sub("", raw.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif len(digits) == 11 and digits.startswith("51"):
        digits = "+" + digits
    if digits.count("+") > 1 or ("+" in digits and not digits.startswith("+")):
        return None
    try:
        number = phonenumbers.parse(digits, "PE")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 51 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str) -> str:
    """'+51987654321' -> '+51 987 654 321'."""
    if len(e164) == 12 and e164.startswith("+51"):
        n = e164[3:]
        return f"+51 {n[:3]} {n[3:6]} {n[6:]}"
    return e164
