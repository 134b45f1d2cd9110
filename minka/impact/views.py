# PLACEHOLDER: the impact page is being written (issue 2).
import uuid

from django.http import Http404, HttpRequest, HttpResponse


def impact(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    raise Http404
