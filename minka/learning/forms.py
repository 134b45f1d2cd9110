from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.learning.models import PRIVATE_KINDS, TrainingKind
from minka.members.models import Group, Member, SkillLevel, Technique

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/aaaa"})
NOT_OURS = {"invalid_choice": _("Esa persona no es socia de este grupo.")}


class TrainingForm(forms.Form):
    topic = forms.CharField(label=_("Tema"), max_length=200)
    kind = forms.ChoiceField(label=_("Tipo"), choices=TrainingKind.choices)
    trainer_member = forms.ModelChoiceField(
        label=_("Capacitadora (si es socia)"),
        queryset=Member.objects.none(),
        required=False,
        error_messages=NOT_OURS,
    )
    trainer_name = forms.CharField(
        label=_("Capacitador(a) (si viene de fuera)"), max_length=200, required=False
    )
    place = forms.CharField(label=_("Lugar"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Desde"), initial=timezone.localdate, widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Hasta"), initial=timezone.localdate, widget=DATE_WIDGET)
    sensitive = forms.BooleanField(
        label=_("Tema sensible (derechos, violencia, salud reproductiva)"),
        required=False,
        help_text=_("Solo la coordinadora y cada socia verán quién asistió."),
    )
    technique = forms.ModelChoiceField(
        label=_("Certifica la técnica"), queryset=Technique.objects.all(), required=False
    )
    level = forms.TypedChoiceField(
        label=_("Al nivel"),
        choices=[("", "—"), *SkillLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer_member"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)
    hours = forms.DecimalField(label=_("Horas"), max_digits=4, decimal_places=1, min_value=0)


class AttendanceForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Socias que asistieron"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=NOT_OURS,
    )
    guests = forms.CharField(
        label=_("Invitados (uno por línea)"),
        help_text=_("Un esposo, una hija: se cuentan aparte de las socias."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class CertificateForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Socia"), queryset=Member.objects.none(), error_messages=NOT_OURS
    )
    passed = forms.BooleanField(
        label=_("Aprobada por la capacitadora"),
        required=False,
        help_text=_("Si no asistió a todas las sesiones."),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class WishForm(forms.Form):
    # Her page names neither rights nor health (someone at home may read it); she can say
    # more to the coordinator in person.
    kind = forms.ChoiceField(
        label=_("¿Qué quiere aprender?"),
        choices=[(k, label) for k, label in TrainingKind.choices if k not in PRIVATE_KINDS],
    )
    technique = forms.ModelChoiceField(
        label=_("Técnica"), queryset=Technique.objects.all(), required=False
    )
    note = forms.CharField(label=_("Cuéntenos más"), max_length=200, required=False)


class TrainingNamesForm(forms.Form):
    show_names = forms.BooleanField(required=False)
