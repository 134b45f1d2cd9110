"""A login whose password someone else chose goes to the password page first."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from minka.accounts.logins import SESSION_FLAG


class PasswordToChangeMiddleware:
    """Set at sign-in (accounts.views.LoginView) for a login with a password to change;
    only the password pages, signing out and the language switch answer until then."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(SESSION_FLAG) and request.user.is_authenticated:
            open_paths = {
                reverse("password_change"),
                reverse("password_change_done"),
                reverse("logout"),
                reverse("set_language"),
            }
            if request.path not in open_paths:
                return redirect("password_change")
        return self.get_response(request)
