"""Forms of the treasurer's pages. They check the shape of the input; the services
decide what may be paid or corrected."""

import re
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.ledger.models import PayMethod

# Always day first, whatever the interface language: 05/03/2026 is the 5th of March.
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/aaaa"})
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")


class MoneyField(forms.DecimalField):
    """An amount in soles as people type it: '120.50', 'S/ 1,234.50'."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        # A text box, not type=number: browsers refuse 'S/ 1,234.50' there without a word.
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.error_messages.update(
            {
                "required": _("Escriba el monto."),
                "invalid": _("Escriba el monto con números, por ejemplo 120.50."),
                "min_value": _("El monto debe ser mayor que cero."),
                "max_decimal_places": _("El monto tiene como máximo 2 decimales (céntimos)."),
                "max_digits": _("Ese monto es demasiado grande."),
                "max_whole_digits": _("Ese monto es demasiado grande."),
            }
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().removeprefix("S/").strip()
            if _THOUSANDS.match(value):
                value = value.replace(",", "")
        return super().to_python(value)


def paid_on_field() -> forms.DateField:
    return forms.DateField(
        label=_("Fecha del pago"),
        initial=timezone.localdate,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Escriba la fecha del pago."),
            "invalid": _("Escriba una fecha que exista, como dd/mm/aaaa (por ejemplo 05/03/2026)."),
        },
    )


def method_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Forma de pago"),
        choices=PayMethod.choices,
        initial=PayMethod.CASH,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Elija una forma de pago."),
            "invalid_choice": _("Elija una forma de pago de la lista."),
        },
    )


def token_field() -> forms.UUIDField:
    """The form's own id, drawn with the page: the service pays a form once, however
    often it is sent (see services._request_claim). Not required: a page drawn before
    tokens existed still pays, guarded by her balance alone."""
    return forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)


class PayoutForm(forms.Form):
    token = token_field()
    amount = MoneyField(label=_("Monto (S/)"))
    paid_on = paid_on_field()
    method = method_field()
    as_advance = forms.BooleanField(
        label=_("Registrar como adelanto"),
        required=False,
        help_text=_(
            "Marque solo si le entrega más de lo que se le debe; "
            "se descontará de sus próximos trabajos."
        ),
    )


class PayManyForm(forms.Form):
    """Date and method, chosen once for every member ticked on the balances page."""

    token = token_field()
    paid_on = paid_on_field()
    method = method_field()


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=150,
        help_text=_("Por ejemplo: se registró dos veces, la cantidad estaba mal."),
        error_messages={
            "required": _("Escriba el motivo de la corrección."),
            "max_length": _("Escriba el motivo en menos de %(limit_value)d letras."),
        },
    )
