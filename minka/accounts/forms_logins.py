"""Forms of the logins screen: a new login for a member, a new password, her roles."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from minka.members.roles import MANAGED_ROLES

FIRST_PASSWORD = forms.TextInput(attrs={"autocomplete": "new-password", "autocapitalize": "off"})


class LoginCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Nombre de usuario"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letras, números y . @ + - _ ; sin espacios. Por ejemplo: rosa.mamani"),
        widget=forms.TextInput(attrs={"autocapitalize": "off", "autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Primera contraseña (al menos 8 letras o números)"),
        max_length=128,
        strip=False,
        help_text=_("Dígasela a ella: al entrar la primera vez tendrá que cambiarla."),
        widget=FIRST_PASSWORD,
    )


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label=_("Contraseña nueva (al menos 8 letras o números)"),
        max_length=128,
        strip=False,
        help_text=_("Al entrar tendrá que cambiarla por una suya."),
        widget=FIRST_PASSWORD,
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles en el grupo"),
        choices=[(r.value, r.label) for r in MANAGED_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
