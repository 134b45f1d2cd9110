from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class AuthedHttpRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real User."""

    user: User


def flash_refusal(request: HttpRequest, exc: ValidationError) -> None:
    """Show a service's refusal as messages on the next page (for POST-then-redirect)."""
    for message in exc.messages:
        messages.error(request, message)
