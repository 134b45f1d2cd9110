from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse


class AuthedHttpRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real User."""

    user: User


def flash_refusal(request: HttpRequest, exc: ValidationError) -> None:
    """Show a service's refusal as messages on the next page (for POST-then-redirect)."""
    for message in exc.messages:
        messages.error(request, message)


def flash_form_errors(request: HttpRequest, form: Form) -> None:
    """Show a form's errors as messages, for pages that draw their inputs by hand."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from; behind our own proxy, the one it saw."""
    if request is None:
        return None
    if settings.MINKA_BEHIND_PROXY:
        # Caddy and nginx append the client's address: the last entry is the one our
        # proxy saw, the others come from the client and can be forged.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR") or None


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser (printable from there), under a plain file name. Pages
    of logged-in people are kept out of caches by SecurityHeadersMiddleware."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
