import uuid
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minka.lib.money import CURRENCIES, format_money
from minka.members.fairpay import hourly_pay, pays_fairly
from minka.members.models import Group, Member
from minka.production.models import (
    MEMBER_KINDS,
    Allocation,
    Buyer,
    Defect,
    Material,
    MoveKind,
    OrderStatus,
    Product,
)
from minka.production.photos import PhotoFields
from minka.production.services import AllocationPlan

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/aaaa"})


class OrderForm(forms.Form):
    buyer = forms.ModelChoiceField(label=_("Cliente"), queryset=Buyer.objects.none())
    currency = forms.ChoiceField(label=_("Moneda"), choices=CURRENCIES, initial="PEN")
    exchange_rate = forms.DecimalField(
        label=_("Tipo de cambio (soles por dólar)"),
        max_digits=8,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        required=False,
        help_text=_("Solo para pedidos en dólares."),
    )
    ordered_on = forms.DateField(
        label=_("Fecha del pedido"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    deadline = forms.DateField(label=_("Fecha de entrega"), widget=DATE_WIDGET)
    notes = forms.CharField(
        label=_("Notas"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = Buyer.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("currency") == "USD" and not data.get("exchange_rate"):
            self.add_error("exchange_rate", _("Indique el tipo de cambio del día."))
        return data


class OrderLineForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Diseño"), queryset=Product.objects.none())
    quantity = forms.IntegerField(label=_("Cantidad"), min_value=1, max_value=100_000)
    unit_price = forms.DecimalField(
        label=_("Precio unitario"), min_value=Decimal("0"), max_digits=10, decimal_places=2
    )
    deadline = forms.DateField(
        label=_("Fecha de entrega (si es otra)"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=OrderStatus.choices)


class DeliveryForm(forms.Form):
    received_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)
    quantity = forms.IntegerField(label=_("Piezas que trajo"), min_value=1, max_value=10_000)
    grade_a = forms.IntegerField(label=_("Grado A"), min_value=0, initial=0, max_value=10_000)
    grade_b = forms.IntegerField(
        label=_("Grado B (segunda)"), min_value=0, initial=0, max_value=10_000
    )
    rework = forms.IntegerField(
        label=_("Para rehacer (vuelven a ella)"), min_value=0, initial=0, max_value=10_000
    )
    rejected = forms.IntegerField(label=_("Rechazadas"), min_value=0, initial=0, max_value=10_000)
    defect = forms.ChoiceField(
        label=_("Defecto (si hay piezas para rehacer o rechazadas)"),
        choices=[("", "—"), *Defect.choices],
        required=False,
    )


class MaterialMoveForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Insumo"), queryset=Material.objects.none())
    kind = forms.ChoiceField(
        label=_("Movimiento"),
        choices=[(k.value, k.label) for k in MEMBER_KINDS],
        widget=forms.RadioSelect,
        initial=MoveKind.ISSUE,
    )
    grams = forms.DecimalField(
        label=_("Gramos"), min_value=Decimal("0.1"), max_digits=10, decimal_places=1
    )
    lot = forms.CharField(label=_("Lote (si lo tiene)"), max_length=40, required=False)
    moved_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)
    allocation = forms.ModelChoiceField(
        label=_("Para el encargo"), required=False, queryset=Allocation.objects.none()
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = Material.objects.filter(group_id=member.group_id)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
        allocations = Allocation.objects.filter(
            member=member, line__order__status=OrderStatus.IN_PRODUCTION
        ).select_related("line__order", "line__product")
        self.fields["allocation"].queryset = allocations  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
        self.fields["allocation"].label_from_instance = lambda a: (  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
            f"{a.line.order.number} · {a.line.product.name} · {a.quantity}"
        )


class ProductForm(PhotoFields):
    class Meta:
        model = Product
        fields = [
            "code",
            "name",
            "technique",
            "min_level",
            "standard_minutes",
            "rate_a",
            "rate_b",
            "wholesale_price",
            "wholesale_currency",
            "retail_price",
            "photo",
        ]

    def __init__(self, *args: Any, fair_wage: Decimal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fair_wage = fair_wage
        if fair_wage is not None:
            self.fields["rate_a"].help_text = _("Pago justo: %(wage)s por hora.") % {
                "wage": format_money(fair_wage)
            }

    @property
    def fair_pay_warning(self) -> str:
        """After is_valid(): a warning when a grade's rate pays less than the fair wage
        for the design's minutes (members/fairpay.py). It warns; it does not refuse."""
        data = getattr(self, "cleaned_data", {})
        minutes = data.get("standard_minutes")
        if self.fair_wage is None or not minutes:
            return ""
        low = [
            (grade, data[field])
            for grade, field in (("A", "rate_a"), ("B", "rate_b"))
            if data.get(field) is not None and not pays_fairly(data[field], minutes, self.fair_wage)
        ]
        if not low:
            return ""
        return _(
            "Este diseño paga %(pay)s por hora en grado %(grade)s, menos que el pago justo de "
            "%(wage)s por hora."
        ) % {
            "pay": format_money(hourly_pay(low[0][1], minutes)),
            "grade": low[0][0],
            "wage": format_money(self.fair_wage),
        }


class ProductMaterialForm(forms.Form):
    material = forms.ModelChoiceField(
        label=_("Insumo"), queryset=Material.objects.none(), required=False
    )
    grams = forms.DecimalField(
        label=_("Gramos por pieza"),
        min_value=Decimal("0.1"),
        max_digits=8,
        decimal_places=1,
        required=False,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = Material.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("material")) != bool(data.get("grams")):
            raise forms.ValidationError(_("Indique el insumo y sus gramos, o deje ambos vacíos."))
        return data


class BuyerForm(forms.ModelForm):
    class Meta:
        model = Buyer
        fields = ["name", "country", "email"]


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["name", "colour"]


class _PiecesField(forms.IntegerField):
    """A number of pieces for one member; the message names her and what was typed."""

    def __init__(self, *, who: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.who = who

    def to_python(self, value: Any) -> int | None:
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                gettext("«%(v)s» no es un número de piezas (%(name)s).")
                % {"v": str(value)[:20], "name": self.who},
                code="invalid",
            ) from exc


class AllocationForm(forms.Form):
    """The pieces each candidate gets, in fields m_<member id>. Blank means none; the
    service decides whether the numbers add up."""

    def __init__(self, data: Any = None, *, plan: AllocationPlan) -> None:
        super().__init__(data)
        for explained in plan.explained:
            candidate = explained.share.candidate
            self.fields[f"m_{candidate.member_id}"] = _PiecesField(
                who=candidate.name, required=False, initial=explained.share.pieces
            )

    def pieces(self) -> dict[uuid.UUID, int]:
        """Pieces per member id, once the form is valid."""
        return {
            uuid.UUID(name.removeprefix("m_")): value or 0
            for name, value in self.cleaned_data.items()
        }


class AllocationLinkForm(forms.Form):
    """?allocation=<id> on her materials page: which of her allocations to preselect. A
    link to one that is not hers is a page that does not exist."""

    allocation = forms.ModelChoiceField(required=False, queryset=Allocation.objects.none())

    def __init__(self, data: Any, *, member: Member) -> None:
        super().__init__(data)
        cast(
            forms.ModelChoiceField, self.fields["allocation"]
        ).queryset = Allocation.objects.filter(member=member)
