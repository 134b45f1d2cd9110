"""The member's pages read their input here: a period and a page cursor."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.ledger.forms import DATE_FORMATS, DATE_WIDGET

_BAD_DATE = {
    "invalid": _("Escriba una fecha que exista, como dd/mm/aaaa (por ejemplo 05/03/2026).")
}


class StatementForm(forms.Form):
    """Which lines of her money to show: a period (both ends optional) and, for older
    pages, the last line of the page before."""

    first = forms.DateField(
        label=_("Desde"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages=_BAD_DATE,
    )
    last = forms.DateField(
        label=_("Hasta"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages=_BAD_DATE,
    )
    after = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first: date | None = data.get("first")
        last: date | None = data.get("last")
        if first and last and first > last:
            raise forms.ValidationError(_("La fecha «desde» debe ser anterior a «hasta»."))
        return data


class PayDayForm(forms.Form):
    next_on = forms.DateField(
        label=_("Próximo día de pago"),
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages=_BAD_DATE,
    )

    def clean_next_on(self) -> date:
        value: date = self.cleaned_data["next_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("El día de pago debe ser hoy o más adelante."))
        return value
