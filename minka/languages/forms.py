from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from minka.languages.models import RECORDED

MAX_PO_BYTES = 1024 * 1024


class ReviewForm(forms.Form):
    key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Traducción"), max_length=2000)


class ShowForm(forms.Form):
    show = forms.ChoiceField(
        choices=[
            ("pending", _("Por revisar")),
            ("reviewed", _("Revisadas")),
            ("all", _("Todas")),
            ("numbers", _("Números")),
        ],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Archivo .po"))

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PO_BYTES:
            raise forms.ValidationError(_("El archivo pesa más de 1 MB."))
        try:
            return bytes(upload.read()).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("El archivo no está en UTF-8.")) from exc


class TranslatorForm(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=150)
    language = forms.ChoiceField(label=_("Idioma"), choices=RECORDED)

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("No hay un usuario con ese nombre."))
        return user


class RecordForm(forms.Form):
    """A recording of one string or number word, made in the browser (or a file)."""

    key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    audio = forms.FileField(label=_("Grabación"))
