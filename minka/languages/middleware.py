from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from minka.languages.catalog import reviewed_apply
from minka.languages.freshness import version_for_request


class ReviewedStringsMiddleware:
    """After the language is chosen: strings a speaker reviewed win over the drafts.

    Reads the strings' version once for the whole request (one small query), so that
    reviews and recordings saved a moment ago show on this very page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with version_for_request():
            reviewed_apply(translation.get_language())
            return self.get_response(request)
