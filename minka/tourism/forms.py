"""Forms of the tourism pages. They check the shape of the input; services decide."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.cash.models import CashMethod
from minka.ledger.forms import DATE_FORMATS, DATE_WIDGET, MoneyField
from minka.lib.money import CURRENCIES
from minka.members.models import Group, Member
from minka.tourism.models import WEEKDAYS, Channel, Experience, HostProfile


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Escriba la fecha como dd/mm/aaaa.")},
        **kwargs,
    )


class ExperienceForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        label=_("Días que se ofrece"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Marque al menos un día en que se ofrece.")},
    )

    class Meta:
        model = Experience
        fields = [
            "kind",
            "name_es",
            "name_en",
            "description_es",
            "description_en",
            "price_pen",
            "price_usd",
            "share_mode",
            "hosts_percent",
            "hosts_fixed_pen",
            "capacity",
            "days",
            "nights",
            "visitors_per_host",
            "technique",
            "min_level",
            "free_cancel_days",
            "public",
            "active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("price_pen", "price_usd"):
            field = self.fields[name]
            field.min_value = None  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
            field.error_messages["invalid"] = _("Escriba el precio con números, por ejemplo 45.00.")

    def _positive(self, name: str) -> Any:
        value = self.cleaned_data.get(name)
        if value is not None and value <= 0:
            raise forms.ValidationError(_("El precio por persona debe ser mayor que cero."))
        return value

    def clean_price_pen(self) -> Any:
        return self._positive("price_pen")

    def clean_price_usd(self) -> Any:
        return self._positive("price_usd")


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Foto"))
    caption_es = forms.CharField(label=_("Leyenda (castellano)"), max_length=200, required=False)
    caption_en = forms.CharField(label=_("Leyenda (inglés)"), max_length=200, required=False)


class HostProfileForm(forms.ModelForm):
    class Meta:
        model = HostProfile
        fields = ["beds", "home_description", "story", "public_consent"]


class RequestForm(forms.Form):
    """The public booking request. `website` is a honeypot: hidden from people, filled
    by robots that fill every field."""

    visit_date = _date_field(_("Fecha de la visita"))
    people = forms.IntegerField(label=_("Personas"), min_value=1, max_value=500)
    currency = forms.ChoiceField(label=_("Moneda"), choices=CURRENCIES, initial="PEN")
    visitor_name = forms.CharField(label=_("Su nombre o el de la agencia"), max_length=120)
    visitor_contact = forms.CharField(label=_("Teléfono o correo"), max_length=120)
    message = forms.CharField(
        label=_("Mensaje"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(
        label=_("No llene este campo"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class DirectBookingForm(forms.Form):
    experience = forms.ModelChoiceField(label=_("Visita"), queryset=Experience.objects.none())
    visit_date = _date_field(_("Fecha de la visita"))
    people = forms.IntegerField(label=_("Personas"), min_value=1, max_value=500)
    currency = forms.ChoiceField(label=_("Moneda"), choices=CURRENCIES, initial="PEN")
    channel = forms.ChoiceField(
        label=_("Vía"),
        choices=[(Channel.DIRECT, Channel.DIRECT.label), (Channel.AGENCY, Channel.AGENCY.label)],
    )
    visitor_name = forms.CharField(label=_("Nombre del visitante"), max_length=120)
    visitor_contact = forms.CharField(label=_("Teléfono o correo"), max_length=120, required=False)
    agency_name = forms.CharField(label=_("Agencia"), max_length=120, required=False)
    commission_percent = forms.DecimalField(
        label=_("Comisión de la agencia (%)"),
        min_value=0,
        max_value=50,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experience"].queryset = Experience.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
            group=group, active=True
        )


class HostsForm(forms.Form):
    hosts = forms.ModelMultipleChoiceField(
        label=_("Anfitrionas"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(label=_("Motivo del cambio"), max_length=200, required=False)

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hosts"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class ProposeForm(forms.Form):
    new_date = _date_field(_("Otra fecha"))
    note = forms.CharField(label=_("Nota para el visitante"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), max_length=200)


class DepositForm(forms.Form):
    amount = MoneyField(label=_("Monto del adelanto"))
    method = forms.ChoiceField(label=_("Forma de pago"), choices=CashMethod.choices)
    on = _date_field(_("Fecha"), initial=timezone.localdate)


class CloseForm(forms.Form):
    """Close a visit (done) or cancel it; the exchange rate only for a dollar booking."""

    method = forms.ChoiceField(label=_("Forma de pago"), choices=CashMethod.choices)
    on = _date_field(_("Fecha"), initial=timezone.localdate)
    exchange_rate = forms.DecimalField(
        label=_("Tipo de cambio (S/ por US$)"),
        min_value=0.0001,
        max_digits=8,
        decimal_places=4,
        required=False,
    )
    reason = forms.CharField(label=_("Motivo (solo para cancelar)"), max_length=200, required=False)


class MemberPickForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none())

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
