from typing import Any

import phonenumbers
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.lib.images import photo_clean
from minka.members.models import Language, Member, MemberStatus, SkillLevel, Technique


class MemberForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Idiomas que habla"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Member
        fields = [
            "first_name",
            "last_name",
            "community",
            "languages",
            "joined_on",
            "status",
            "left_on",
            "phone",
            "photo",
            "hours_per_week",
        ]
        widgets = {
            "joined_on": forms.DateInput(format="%d/%m/%Y"),
            "left_on": forms.DateInput(format="%d/%m/%Y"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {}
        if self.instance.pk:
            current = {s.technique_id: s.level for s in self.instance.skills.all()}
        self.techniques = list(Technique.objects.order_by("name"))
        for t in self.techniques:
            self.fields[f"skill_{t.id}"] = forms.TypedChoiceField(
                label=str(t),
                coerce=int,
                required=False,
                empty_value=None,
                choices=[(0, _("No sabe")), *SkillLevel.choices],
                initial=current.get(t.id, 0),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status, left_on, joined_on = data.get("status"), data.get("left_on"), data.get("joined_on")
        if status == MemberStatus.LEFT and not left_on:
            self.add_error("left_on", _("Indique cuándo se retiró."))
        if status != MemberStatus.LEFT and left_on:
            self.add_error("left_on", _("Solo una socia retirada tiene fecha de retiro."))
        if left_on and joined_on and left_on < joined_on:
            self.add_error("left_on", _("No puede retirarse antes de ingresar."))
        if left_on and left_on > timezone.localdate():
            self.add_error("left_on", _("La fecha de retiro no puede ser futura."))
        return data

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "PE")
        except phonenumbers.NumberParseException as exc:
            raise forms.ValidationError(_("Ese número de celular no es válido.")) from exc
        if not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("Ese número de celular no es válido."))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # A new upload: checked by content and stored re-encoded (minka.lib.images).
            return photo_clean(photo)
        return photo

    def clean_joined_on(self) -> Any:
        joined_on = self.cleaned_data.get("joined_on")
        if joined_on and joined_on > timezone.localdate():
            raise forms.ValidationError(_("La fecha de ingreso no puede ser futura."))
        if joined_on and joined_on.year < 1950:
            raise forms.ValidationError(_("Revise la fecha de ingreso: es demasiado antigua."))
        return joined_on

    def skill_levels(self) -> dict[Any, int]:
        return {t.id: self.cleaned_data.get(f"skill_{t.id}") or 0 for t in self.techniques}
