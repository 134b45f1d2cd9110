from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from minka.languages.catalog import reviewed_apply


class ReviewedStringsMiddleware:
    """After the language is chosen: strings a speaker reviewed win over the drafts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reviewed_apply(translation.get_language())
        return self.get_response(request)
