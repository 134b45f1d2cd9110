"""The cash book page. Views authorise, read the period asked for, render."""

import uuid
from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.cash.services import cash_book
from minka.ledger.forms import DATE_FORMATS, DATE_WIDGET
from minka.lib.http import AuthedHttpRequest
from minka.lib.money import CURRENCIES
from minka.members.access import Can, group_access

DEFAULT_DAYS = 90


class BookForm(forms.Form):
    start = forms.DateField(
        label=_("Desde"), input_formats=DATE_FORMATS, widget=DATE_WIDGET, required=False
    )
    currency = forms.ChoiceField(label=_("Moneda"), choices=CURRENCIES, required=False)


@login_required
def cash_book_page(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Every coin in and out, with the balance after each; the opening balance is the
    SUM of everything before the first day shown."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    form = BookForm(request.GET or None)
    start = timezone.localdate() - timedelta(days=DEFAULT_DAYS)
    currency = "PEN"
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        currency = form.cleaned_data["currency"] or currency
    book = cash_book(access.group, start=start, currency=currency)
    return render(request, "cash/book.html", {"access": access, "form": form, "book": book})
