"""Forms of the cash page: money in or out by hand, and the count at closing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minka.cash.models import CashMethod
from minka.ledger.forms import MoneyField, paid_on_field

HAND_KINDS = [
    ("buyer", _("Entrada: pago de un cliente por un pedido")),
    ("in", _("Entrada: otro ingreso")),
    ("out", _("Salida: otro gasto")),
]


def _method_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Forma de pago"),
        choices=CashMethod.choices,
        initial=CashMethod.CASH,
        error_messages={
            "required": _("Elija la forma de pago."),
            "invalid_choice": _("Elija una forma de pago de la lista."),
        },
    )


class HandEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Movimiento"),
        choices=HAND_KINDS,
        error_messages={
            "required": _("Diga si el dinero entra o sale."),
            "invalid_choice": _("Elija un movimiento de la lista."),
        },
    )
    amount = MoneyField(label=_("Monto (S/)"))
    method = _method_field()
    on = paid_on_field()
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=150,
        help_text=_("Por ejemplo: pago de Andean Threads por el pedido P0002."),
        error_messages={
            "required": _("Escriba el motivo del movimiento."),
            "max_length": _("Escriba el motivo en menos de %(limit_value)d letras."),
        },
    )

    prefix = "hand"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Fecha")


class CountForm(forms.Form):
    counted = MoneyField(label=_("Efectivo contado en la caja (S/)"), min_value=0)
    on = paid_on_field()
    note = forms.CharField(
        label=_("Nota"),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Escriba la nota en menos de %(limit_value)d letras.")},
    )

    prefix = "count"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Fecha del arqueo")
