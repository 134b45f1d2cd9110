"""Forms of the centre's materials: receive, hand out (several lines), count."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.lib.money import format_grams
from minka.members.models import Group, Member, MemberStatus
from minka.production.forms import DATE_WIDGET
from minka.production.models import Material, MaterialSource
from minka.production.stock import StockRow

GRAMS: dict[str, Any] = {"max_digits": 10, "decimal_places": 1, "max_value": Decimal("999999999")}


def _materials(group: Group) -> Any:
    return Material.objects.filter(group=group)


class ReceiveForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Insumo"), queryset=Material.objects.none())
    lot = forms.CharField(label=_("Lote (si lo tiene)"), max_length=40, required=False)
    grams = forms.DecimalField(label=_("Gramos"), min_value=Decimal("0.1"), **GRAMS)
    source = forms.ChoiceField(
        label=_("De dónde viene"), choices=MaterialSource.choices, widget=forms.RadioSelect
    )
    received_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Nota (factura, quién lo trajo)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = _materials(group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class HandOutForm(forms.Form):
    """Who receives, and when; the lines are a formset of HandOutLineForm."""

    member = forms.ModelChoiceField(label=_("Socia"), queryset=Member.objects.none())
    moved_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
            group=group, status=MemberStatus.ACTIVE
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.number}. {m.full_name}"  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


def stock_key(row: StockRow) -> str:
    return f"{row.material.id}|{row.lot}"


class HandOutLineForm(forms.Form):
    """One line: a material and lot the centre holds, and the grams handed out."""

    stock = forms.ChoiceField(label=_("Insumo y lote"), required=False)
    grams = forms.DecimalField(label=_("Gramos"), min_value=Decimal("0.1"), required=False, **GRAMS)

    def __init__(self, *args: Any, stock: list[StockRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = {stock_key(r): r for r in stock if r.on_hand > 0}
        self.fields["stock"].choices = [  # type: ignore[attr-defined]  # a ChoiceField; the stubs type form fields as Field
            ("", "—"),
            *(
                (
                    key,
                    f"{r.material}"
                    + (f" · {_('lote')} {r.lot}" if r.lot else "")
                    + f" ({format_grams(r.on_hand)})",
                )
                for key, r in self.rows.items()
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stock") and not data.get("grams") and "grams" not in self.errors:
            self.add_error("grams", _("Indique cuántos gramos."))
        if data.get("grams") and not data.get("stock"):
            self.add_error("stock", _("Elija el insumo y lote."))
        return data

    def row(self) -> StockRow | None:
        key = self.cleaned_data.get("stock")
        return self.rows.get(key) if key else None


class CountForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Insumo"), queryset=Material.objects.none())
    lot = forms.CharField(label=_("Lote (si lo tiene)"), max_length=40, required=False)
    counted = forms.DecimalField(label=_("Gramos contados"), min_value=Decimal("0"), **GRAMS)
    counted_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Nota"), max_length=200, required=False)

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = _materials(group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
