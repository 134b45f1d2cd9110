from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.members.models import Group, Member
from minka.privacy.models import ConsentMethod, Purpose, SupportService

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y")


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Para qué"), choices=Purpose.choices)
    given = forms.TypedChoiceField(
        label=_("Su decisión"),
        choices=[("yes", _("Acepta")), ("no", _("No acepta o retira su consentimiento"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(label=_("Cómo lo dio"), choices=ConsentMethod.choices)
    witness = forms.CharField(label=_("Testigo"), max_length=120, required=False)
    decided_on = forms.DateField(label=_("Fecha"), widget=DATE_WIDGET, initial=timezone.localdate)


class AnonymiseForm(forms.Form):
    number = forms.IntegerField(
        label=_("Escriba el número de socia para confirmar"), min_value=1, max_value=1_000_000
    )

    def __init__(self, *args: Any, expected: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_number(self) -> int:
        number = int(self.cleaned_data["number"])
        if number != self.expected:
            raise forms.ValidationError(_("El número no coincide con el de esta socia."))
        return number


class ReferralForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Socia"), queryset=Member.objects.none())
    service = forms.ModelChoiceField(label=_("Servicio"), queryset=SupportService.objects.none())
    referred_on = forms.DateField(label=_("Fecha"), widget=DATE_WIDGET, initial=timezone.localdate)
    accompanied = forms.BooleanField(label=_("Fue acompañada"), required=False)
    consent_method = forms.ChoiceField(
        label=_("Cómo dio su consentimiento"), choices=ConsentMethod.choices
    )
    consent_given = forms.BooleanField(
        label=_("Ella aceptó la derivación"),
        required=True,
        error_messages={"required": _("Una derivación solo se registra con su consentimiento.")},
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        member = self.fields["member"]
        assert isinstance(service, forms.ModelChoiceField)
        assert isinstance(member, forms.ModelChoiceField)
        service.queryset = services_for(group)
        member.queryset = Member.objects.filter(group=group).order_by("number")


def services_for(group: Group) -> Any:
    from django.db.models import Q

    return SupportService.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=group.organisation_id)
    )


class SupportServiceForm(forms.ModelForm):
    class Meta:
        model = SupportService
        fields = ["region", "name", "phone", "hours", "offers"]


class CompanionForm(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=150)
    trained_on = forms.DateField(label=_("Capacitada el"), widget=DATE_WIDGET)

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("No hay un usuario con ese nombre."))
        return user


class PeriodForm(forms.Form):
    first = forms.DateField(label=_("Desde"), widget=DATE_WIDGET)
    last = forms.DateField(label=_("Hasta"), widget=DATE_WIDGET)
    username = forms.CharField(label=_("Usuario"), max_length=150, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", _("El final del periodo es antes del inicio."))
        return data
