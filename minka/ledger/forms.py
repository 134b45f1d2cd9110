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

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # widens Field.to_python: returns None for an empty amount
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


class UUIDListField(forms.Field):
    """Several ids (checkboxes with one name, or one comma-separated value), in the order
    given and without repeats; any malformed id makes the whole list invalid."""

    default_error_messages = {"invalid": _("La lista no es válida.")}

    def __init__(self, *, separator: str | None = None, **kwargs: Any) -> None:
        self.separator = separator
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[uuid.UUID]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if self.separator:
            values = [part for v in values for part in str(v).split(self.separator)]
        ids: list[uuid.UUID] = []
        for raw in values:
            raw = str(raw).strip()
            if not raw and self.separator:
                continue
            try:
                ids.append(uuid.UUID(raw))
            except ValueError as exc:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return list(dict.fromkeys(ids))


class PickedMembersForm(forms.Form):
    """The members ticked on the balances page."""

    member = UUIDListField(
        widget=forms.MultipleHiddenInput,
        error_messages={
            "invalid": _(
                "La lista de socias no es válida. Vuelva a abrir la página e inténtelo otra vez."
            )
        },
    )


class SeenBalancesForm(forms.Form):
    """The balance the treasurer saw for each ticked member (seen_<id>), so that nobody is
    paid a sum that changed after the page was drawn."""

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"seen_{member.id}"] = forms.DecimalField(
                max_digits=12,
                decimal_places=2,
                error_messages={
                    key: _("No se sabe qué saldo vio para %(name)s. Vuelva a abrir la página.")
                    % {"name": member.full_name}
                    for key in ("required", "invalid", "max_digits", "max_decimal_places")
                },
            )

    def seen(self, member: Any) -> Decimal:
        return Decimal(self.cleaned_data[f"seen_{member.id}"])


class IdsQueryForm(forms.Form):
    """?ids=a,b,c: the payouts of one batch of receipts."""

    ids = UUIDListField(separator=",")


def coin_choices() -> list[tuple[str, str]]:
    return [(c, f"S/ {c}") for c in ("0.10", "0.20", "0.50", "1.00")]


class CoinForm(forms.Form):
    """Pay day's smallest coin (?coin=0.50); the server's setting when not given."""

    coin = forms.ChoiceField(
        label=_("Moneda más pequeña"),
        choices=coin_choices,
        required=False,
        error_messages={"invalid_choice": _("Elija una moneda de la lista.")},
    )


class PayDayForm(forms.Form):
    """Pay all from the plan: one date, one method, the form's token, the coin shown."""

    token = token_field()
    coin = forms.ChoiceField(choices=coin_choices, widget=forms.HiddenInput)
    paid_on = paid_on_field()
    method = method_field()
