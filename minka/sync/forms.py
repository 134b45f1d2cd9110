from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILE = 200 * 1024 * 1024


class RegisterSiteForm(forms.Form):
    code = forms.RegexField(
        label=_("Código del sitio"),
        regex=r"^[A-Za-z0-9]{1,8}$",
        error_messages={"invalid": _("De 1 a 8 letras o números.")},
    )
    name = forms.CharField(label=_("Nombre"), max_length=200, required=False)
    groups = forms.CharField(
        label=_("Grupos del sitio"),
        max_length=400,
        help_text=_("Códigos de los grupos, separados por comas (p. ej. CAM, JUL)"),
    )

    def group_codes(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["groups"].split(",") if c.strip()]


class EnrolForm(forms.Form):
    url = forms.URLField(
        label=_("Dirección del servidor central"), max_length=300, assume_scheme="https"
    )
    secret = forms.CharField(label=_("Clave de inscripción"), max_length=100)


class BundleFileForm(forms.Form):
    file = forms.FileField(label=_("Archivo de sincronización"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE:
            raise forms.ValidationError(_("El archivo es demasiado grande."))
        return bytes(upload.read())
