"""Sign-in forms that count wrong passwords, for the site's login and for /admin/."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from minka.accounts.throttle import login_attempt_record, login_is_blocked
from minka.lib.http import client_address

TOO_MANY = _(
    "Demasiados intentos fallidos. Espere una hora o pida a la coordinadora que le "
    "cambie la contraseña."
)


class ThrottledLoginMixin:
    """Refuses before checking the password once a name or address has failed too often.

    The refusal reads the same for a name that exists and one that does not.
    """

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = client_address(self.request)
        if username and login_is_blocked(username=username, address=address):
            raise forms.ValidationError(TOO_MANY, code="throttled")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]  # a mixin over Django's forms
        except forms.ValidationError as exc:
            if username and exc.code == "invalid_login":
                login_attempt_record(username=username, address=address, succeeded=False)
            raise
        login_attempt_record(username=username, address=address, succeeded=True)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


FOUR_DIGITS = _("La clave tiene 4 números.")


class PinForm(forms.Form):
    pin = forms.RegexField(
        label=_("Su clave"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={
            "invalid": FOUR_DIGITS,
            "required": FOUR_DIGITS,
            "max_length": FOUR_DIGITS,
        },
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}
        ),
    )


class PinSetForm(forms.Form):
    pin = forms.RegexField(
        label=_("Clave nueva (4 números)"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={
            "invalid": FOUR_DIGITS,
            "required": FOUR_DIGITS,
            "max_length": FOUR_DIGITS,
        },
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    again = forms.CharField(
        label=_("Otra vez"),
        max_length=4,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pin") and data.get("pin") != data.get("again"):
            self.add_error("again", _("Las dos claves no son iguales."))
        return data


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("Nombre de este equipo"), max_length=80)
