"""Forms of the selling pages. They check the shape of the input; services decide."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.ledger.forms import DATE_FORMATS, DATE_WIDGET, MoneyField
from minka.members.models import Group, Member
from minka.production.models import Product
from minka.sales.models import (
    CatalogueEntry,
    ExpenseCategory,
    Location,
    LocationKind,
    ShareRule,
)


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=120)
    kind = forms.ChoiceField(label=_("Tipo"), choices=LocationKind.choices)
    commission_percent = forms.DecimalField(
        label=_("Comisión de la tienda (%)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text=_("Solo para tiendas aliadas: la parte de cada venta que se queda la tienda."),
    )
    contact = forms.CharField(label=_("Contacto"), max_length=200, required=False)


class OwnStockForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Lugar"), queryset=Location.objects.none())
    product = forms.ModelChoiceField(label=_("Diseño"), queryset=Product.objects.none())
    maker = forms.ModelChoiceField(label=_("Artesana"), queryset=Member.objects.none())
    quantity = forms.IntegerField(label=_("Piezas"), min_value=1, max_value=10000)
    on = forms.DateField(
        label=_("Fecha"), input_formats=DATE_FORMATS, widget=DATE_WIDGET, initial=timezone.localdate
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(group=group)  # type: ignore[attr-defined]
        self.fields["product"].queryset = Product.objects.filter(group=group)  # type: ignore[attr-defined]
        self.fields["maker"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]


class ExpenseForm(forms.Form):
    amount = MoneyField(label=_("Monto (S/)"))
    category = forms.ChoiceField(label=_("Categoría"), choices=ExpenseCategory.choices)
    description = forms.CharField(label=_("Detalle"), max_length=200)
    on = forms.DateField(
        label=_("Fecha"), input_formats=DATE_FORMATS, widget=DATE_WIDGET, initial=timezone.localdate
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Desde"), input_formats=DATE_FORMATS, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Hasta"), input_formats=DATE_FORMATS, widget=DATE_WIDGET)


class RuleForm(forms.ModelForm):
    class Meta:
        model = ShareRule
        fields = ["mode", "maker_percent", "fixed_per_piece", "share_piece_rate"]


class CatalogueForm(forms.ModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ["public", "photo", "design_story", "maker", "maker_story", "maker_consent"]

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["maker"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]
