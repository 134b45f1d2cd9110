"""Forms of the selling pages. They check the shape of the input; services decide."""

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.cash.models import CashMethod
from minka.ledger.forms import DATE_FORMATS, DATE_WIDGET, MoneyField, paid_on_field
from minka.lib.images import photo_clean
from minka.members.models import Group, Member
from minka.production.models import Product
from minka.sales.models import (
    CatalogueEntry,
    ExpenseCategory,
    Location,
    LocationKind,
    Origin,
    ShareRule,
)
from minka.sales.selectors import Item
from minka.sales.services.sale import sale_method_choices


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
        self.fields["location"].queryset = Location.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
        self.fields["product"].queryset = Product.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
        self.fields["maker"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


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
        self.fields["maker"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # Checked by content, size capped, stored re-encoded (minka.lib.images).
            return photo_clean(photo, max_side=1600)
        return photo


# --- pieces chosen on a selling page --------------------------------------------------------

MAX_PIECES = 100_000
_WHOLE = _("Escriba las cantidades con números enteros.")


class PiecesForm(forms.Form):
    """Pieces chosen on a selling page: one number per batch, in fields named
    <prefix><product>_<maker>_<origin> (see Level.key), one prefix per column ("q_" to
    sell or carry; "sold_" and "ret_" on a store's report).

    The fields are made from the names posted, not from what the place holds now: a
    batch sold out since the page was drawn must be refused by the service with what the
    place holds, not dropped without a word. Blank means none."""

    def __init__(self, data: Mapping[str, Any] | None, *, group: Group, prefixes: Sequence[str]):
        super().__init__(data)
        self.group = group
        self.prefixes = list(prefixes)
        self._items: dict[str, list[Item]] = {prefix: [] for prefix in self.prefixes}
        for name in data or {}:
            if any(name.startswith(prefix) for prefix in self.prefixes):
                self.fields[name] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=MAX_PIECES,
                    error_messages={"invalid": _WHOLE, "min_value": _WHOLE},
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        wanted: list[tuple[str, uuid.UUID, uuid.UUID, str, int]] = []
        for name, quantity in cleaned.items():
            if not quantity:
                continue
            prefix = next(p for p in self.prefixes if name.startswith(p))
            try:
                product_key, maker_key, origin = name.removeprefix(prefix).split("_")
                wanted.append(
                    (prefix, uuid.UUID(product_key), uuid.UUID(maker_key), origin, quantity)
                )
            except ValueError as exc:
                raise forms.ValidationError(_WHOLE) from exc
            if origin not in Origin.values:
                raise forms.ValidationError(_("Origen de la pieza desconocido."))
        products = Product.objects.filter(group=self.group).in_bulk({w[1] for w in wanted})
        makers = Member.objects.filter(group=self.group).in_bulk({w[2] for w in wanted})
        for prefix, product_id, maker_id, origin, quantity in wanted:
            if product_id not in products or maker_id not in makers:
                raise forms.ValidationError(_("Ese diseño o esa socia no son de este grupo."))
            self._items[prefix].append(
                Item(products[product_id], makers[maker_id], origin, quantity)
            )
        return cleaned

    def items(self, prefix: str) -> list[Item]:
        """The pieces of one column, once the form is valid."""
        return self._items[prefix]


class QuickSaleForm(forms.Form):
    total = MoneyField(label=_("Precio total (S/)"), required=False)
    method = forms.ChoiceField(
        label=_("Forma de pago"),
        choices=sale_method_choices,
        error_messages={
            "required": _("Elija la forma de pago."),
            "invalid_choice": _("Elija la forma de pago."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["total"].error_messages.update(
            {
                "invalid": _("Escriba el precio con números, por ejemplo 120.50."),
                "min_value": _("El precio debe ser mayor que cero."),
            }
        )


class PlaceField(forms.ModelChoiceField):
    """A place chosen from a list. Anything not in the list, a mangled id included, is
    answered with the field's own words, not with "not a valid UUID"."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from exc


def _places(group: Group) -> QuerySet[Location]:
    """Where pieces are kept and sold by the group itself (not a partner store)."""
    return Location.objects.filter(group=group).exclude(kind=LocationKind.STORE)


class SalePlaceForm(forms.Form):
    """?at=<place> on the sale screen: which of the group's own places sells."""

    at = PlaceField(queryset=Location.objects.none(), required=False)

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["at"]).queryset = _places(group)


class ReceiveForm(forms.Form):
    location = PlaceField(
        label=_("Lugar"),
        queryset=Location.objects.none(),
        error_messages={
            "required": _("Elija el lugar."),
            "invalid_choice": _("Elija el lugar."),
        },
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["location"]).queryset = _places(group)


class TargetForm(forms.Form):
    target = PlaceField(
        label=_("Llevar a"),
        queryset=Location.objects.none(),
        error_messages={
            "required": _("Elija a dónde van las piezas."),
            "invalid_choice": _("Elija a dónde van las piezas."),
        },
    )

    def __init__(self, *args: Any, source: Location, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["target"]).queryset = Location.objects.filter(
            group_id=source.group_id
        ).exclude(pk=source.pk)


class StoreReportForm(forms.Form):
    back_to = PlaceField(
        label=_("Las devueltas vuelven a"),
        queryset=Location.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Elija a dónde vuelven las piezas devueltas.")},
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["back_to"]).queryset = _places(group)


class ReasonForm(forms.Form):
    """Why a sale is cancelled or an entry corrected. The service asks for it when blank,
    in words that fit each case."""

    reason = forms.CharField(
        label=_("Motivo"),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Escriba el motivo en 150 letras como máximo.")},
    )


class PeriodQueryForm(forms.Form):
    """?start=&end= on a store's page; blank means this month up to today."""

    start = forms.DateField(
        label=_("Desde"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": _("Escriba las fechas como dd/mm/aaaa.")},
    )
    end = forms.DateField(
        label=_("Hasta"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": _("Escriba las fechas como dd/mm/aaaa.")},
    )

    def period(self, today: date) -> tuple[date, date]:
        """The period asked for; the default one while the form has errors (shown)."""
        d = self.cleaned_data if self.is_valid() else {}
        return d.get("start") or today.replace(day=1), d.get("end") or today


class ReportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Formato"),
        required=False,
        choices=[("", "HTML"), ("csv", "CSV"), ("xlsx", "Excel")],
        error_messages={"invalid_choice": _("Ese formato no existe: elija CSV o Excel.")},
    )


class StorePaidForm(forms.Form):
    """The store paid the group what a settlement says it owes (or a part)."""

    amount = MoneyField(label=_("Monto que pagó la tienda (S/)"))
    method = forms.ChoiceField(
        label=_("Forma de pago"),
        choices=CashMethod.choices,
        initial=CashMethod.TRANSFER,
        error_messages={
            "required": _("Elija la forma de pago."),
            "invalid_choice": _("Elija una forma de pago de la lista."),
        },
    )
    on = paid_on_field()
