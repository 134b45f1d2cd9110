from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

T = TypeVar("T")


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


def form_page(
    request: HttpRequest,
    form: Form,
    call: Callable[[dict[str, Any]], T],
    *,
    done: Callable[[T], str],
    then: str,
    context: dict[str, Any],
    template: str = "form_page.html",
) -> HttpResponse:
    """The one shape of a page with a form, once the view has checked access and bound
    the form: on a valid POST, call the service with the form's data; when it agrees, say
    `done(result)` and go to the URL `then`; when it refuses, its reasons go on the form.
    Otherwise the page, with the form (and its errors: a 400 after a POST)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done(result))
            return redirect(then)
    return render(
        request,
        template,
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )


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
