"""The treasurer's cash page: the book with its running balance, money in or out by hand
with a reason, and the count at closing. Views authorise, parse a form, call one service,
render. The coordinator and the organisation see the book; only the treasurer writes in
it; a member sees none of it; an outsider gets 404."""

import uuid
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minka.cash.forms import CountForm, HandEntryForm
from minka.cash.services import (
    cash_balance,
    cash_book,
    cash_count_record,
    cash_counts,
    cash_hand_entry,
)
from minka.ledger.forms import DATE_FORMATS, DATE_WIDGET
from minka.lib.http import AuthedHttpRequest
from minka.lib.money import CURRENCIES, format_money
from minka.members.access import Access, Can, group_access

DEFAULT_DAYS = 90


class BookForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("Desde"), input_formats=DATE_FORMATS, widget=DATE_WIDGET, required=False
    )
    currency = forms.ChoiceField(label=gettext_lazy("Moneda"), choices=CURRENCIES, required=False)


def _page(
    request: AuthedHttpRequest,
    access: Access,
    *,
    hand: HandEntryForm | None = None,
    count: CountForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form = BookForm(request.GET or None)
    start = timezone.localdate() - timedelta(days=DEFAULT_DAYS)
    currency = "PEN"
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        currency = form.cleaned_data["currency"] or currency
    book = cash_book(access.group, start=start, currency=currency)
    context = {
        "access": access,
        "form": form,
        "book": book,
        "counts": cash_counts(access.group),
        "in_hand": cash_balance(access.group, "PEN", "cash"),
    }
    if access.can_pay:
        context |= {"hand": hand or HandEntryForm(), "count": count or CountForm()}
    return render(request, "cash/book.html", context, status=status)


@login_required
def cash_book_page(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Every coin in and out, with the balance after each; the opening balance is the
    SUM of everything before the first day shown."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    return _page(request, access)


@login_required
@require_POST
def cash_hand(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    hand = HandEntryForm(request.POST)
    if hand.is_valid():
        d = hand.cleaned_data
        try:
            cash_hand_entry(
                group=access.group,
                kind=d["kind"],
                amount=d["amount"],
                method=d["method"],
                on=d["on"],
                reason=d["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            hand.add_error(None, exc)
        else:
            messages.success(request, _("Movimiento registrado en la caja."))
            return redirect("cash_book", group_id)
    return _page(request, access, hand=hand, status=400)


@login_required
@require_POST
def cash_count(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    count = CountForm(request.POST)
    if count.is_valid():
        d = count.cleaned_data
        try:
            done = cash_count_record(
                group=access.group,
                counted=d["counted"],
                on=d["on"],
                note=d["note"],
                by=request.user,
            )
        except ValidationError as exc:
            count.add_error(None, exc)
        else:
            if done.difference == 0:
                messages.success(request, _("Arqueo registrado: la caja cuadra."))
            else:
                messages.warning(
                    request,
                    _("Arqueo registrado con una diferencia de %(diff)s; quedó anotada en la caja.")
                    % {"diff": format_money(done.difference)},
                )
            return redirect("cash_book", group_id)
    return _page(request, access, count=count, status=400)
