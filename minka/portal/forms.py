"""The member's pages read their input here: a period and a page cursor."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minka.ledger.forms import DATE_FORMATS, DATE_WIDGET


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages={
            "invalid": _("Escriba una fecha que exista, como dd/mm/aaaa (por ejemplo 05/03/2026).")
        },
    )


class StatementForm(forms.Form):
    """Which lines of her money to show: a period (both ends optional) and, for older
    pages, the last line of the page before."""

    first = _date_field(_("Desde"))
    last = _date_field(_("Hasta"))
    after = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first: date | None = data.get("first")
        last: date | None = data.get("last")
        if first and last and first > last:
            raise forms.ValidationError(_("La fecha «desde» debe ser anterior a «hasta»."))
        return data
