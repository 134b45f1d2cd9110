# PLACEHOLDER: the money pages are being written (issue 2).
import uuid

from django.http import Http404, HttpRequest, HttpResponse


def balances(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    raise Http404


def payouts_many(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    raise Http404


def payout_create(request: HttpRequest, group_id: uuid.UUID, member_id: uuid.UUID) -> HttpResponse:
    raise Http404


def payout_receipt(request: HttpRequest, group_id: uuid.UUID, payout_id: uuid.UUID) -> HttpResponse:
    raise Http404


def entry_reverse(request: HttpRequest, group_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    raise Http404
