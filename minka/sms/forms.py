from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minka.members.models import Group, Member
from minka.privacy.models import ConsentMethod

NOT_OURS = {"invalid_choice": _("Esa persona no es socia de este grupo.")}
NOTICE_CHOICES = [
    ("payday", _("Pagos: el monto y el número de recibo")),
    ("allocation", _("Nuevo encargo: piezas y fecha")),
    ("meeting", _("Reunión o asamblea en los próximos 3 días")),
    ("training", _("Capacitación en los próximos 7 días (nunca las de tema sensible)")),
]


class _MemberForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Socia"), queryset=Member.objects.none(), error_messages=NOT_OURS
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class ConsentForm(_MemberForm):
    given = forms.TypedChoiceField(
        label=_("¿Acepta recibir SMS en su celular?"),
        choices=[("yes", _("Sí, acepta")), ("no", _("No, o lo retira"))],
        coerce=lambda v: v == "yes",
    )
    how = forms.ChoiceField(label=_("Cómo lo dijo"), choices=ConsentMethod.choices)
    witness = forms.CharField(label=_("Testigo"), max_length=120, required=False)


class PinForm(_MemberForm):
    pin = forms.RegexField(
        label=_("Clave nueva (4 números)"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("La clave tiene 4 números.")},
    )
    clear = forms.BooleanField(label=_("Quitar la clave"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("clear") and not data.get("pin") and not self.errors:
            raise forms.ValidationError(_("Escriba una clave de 4 números o marque quitarla."))
        return data


class SmsSettingsForm(forms.Form):
    cost_per_segment = forms.DecimalField(
        label=_("Costo por SMS (S/)"), max_digits=8, decimal_places=4, min_value=0, max_value=100
    )
    notices = forms.MultipleChoiceField(
        label=_("Avisos que se envían"),
        choices=NOTICE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
