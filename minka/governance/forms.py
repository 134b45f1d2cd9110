from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.governance.models import MeetingKind, Post
from minka.members.models import Group, Member, MemberStatus

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/aaaa"})
NOT_OURS = {"invalid_choice": _("Esa persona no es socia de este grupo.")}


class _GroupForm(forms.Form):
    member_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.member_fields:
            self.fields[name].queryset = Member.objects.filter(group=group)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field


class RulesForm(forms.Form):
    fine_per_absence = forms.DecimalField(
        label=_("Multa por faltar a una asamblea (S/)"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        help_text=_("0 = no se multa."),
    )
    quorum_percent = forms.IntegerField(
        label=_("Quórum: más de este % de socias activas"), min_value=1, max_value=99
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    minutes = forms.CharField(
        label=_("Acta"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )


class MeetingAttendanceForm(_GroupForm):
    member_fields = ("members",)
    members = forms.ModelMultipleChoiceField(
        label=_("Socias presentes"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=NOT_OURS,
    )


class AgreementForm(_GroupForm):
    member_fields = ("responsible",)
    text = forms.CharField(label=_("Acuerdo"), max_length=500)
    responsible = forms.ModelChoiceField(
        label=_("Responsable"), queryset=Member.objects.none(), error_messages=NOT_OURS
    )
    due_on = forms.DateField(label=_("Plazo"), widget=DATE_WIDGET)


class VoteForm(forms.Form):
    question = forms.CharField(label=_("Qué se votó"), max_length=300)
    yes = forms.IntegerField(label=_("A favor"), min_value=0)
    no = forms.IntegerField(label=_("En contra"), min_value=0)
    abstain = forms.IntegerField(label=_("Abstenciones"), min_value=0, initial=0)


class TermForm(forms.Form):
    starts_on = forms.DateField(label=_("Desde"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Hasta"), widget=DATE_WIDGET)


class PostForm(forms.Form):
    post = forms.ChoiceField(label=_("Cargo"), choices=Post.choices)
    member = forms.ModelChoiceField(
        label=_("Socia"), queryset=Member.objects.none(), error_messages=NOT_OURS
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type form fields as Field
            group=group, status=MemberStatus.ACTIVE
        )


class RoleChangesForm(forms.Form):
    """The changes of Minka's roles the coordinator confirms (see governance.roles)."""

    changes = forms.MultipleChoiceField(
        label=_("Cambios que confirma"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["changes"].choices = keys  # type: ignore[attr-defined]  # a MultipleChoiceField; the stubs type form fields as Field
