"""Pay day: the plan, "pay all" from it, and the pay sheet. Views authorise, parse a
form, call one service, render. The coordinator and the organisation see the plan; only
the treasurer pays; a member and an outsider see nothing of it."""

import uuid
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minka.ledger.access import payouts_for
from minka.ledger.forms import CoinForm, PayDayForm, SeenBalancesForm
from minka.ledger.models import Payout
from minka.ledger.payday import default_coin, payday_pay, payday_plan
from minka.ledger.paysheet import payouts_sheet_pdf
from minka.ledger.views import _ids_from_query, _ids_query
from minka.lib.http import AuthedHttpRequest, pdf_response
from minka.members.access import Access, Can, group_access


def _plan_page(
    request: AuthedHttpRequest,
    access: Access,
    coin: Decimal,
    *,
    form: PayDayForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = payday_plan(access.group, coin=coin)
    if form is None and access.can_pay:
        form = PayDayForm(initial={"coin": f"{coin:.2f}"})
    return render(
        request,
        "ledger/payday.html",
        {
            "access": access,
            "plan": plan,
            "form": form,
            "coin_form": CoinForm(initial={"coin": f"{coin:.2f}"}),
            "errors": errors or [],
        },
        status=status,
    )


def _paid_with(access: Access, token: uuid.UUID) -> HttpResponse | None:
    """A form sent again (a double click, a retry): show what its first sending paid."""
    done = list(Payout.objects.filter(group=access.group, request__token=token))
    if not done:
        return None
    return redirect(reverse("payouts_done", args=[access.group.id]) + "?" + _ids_query(done))


@login_required
def payday_plan_page(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    coin_form = CoinForm(request.GET)
    coin = default_coin()
    if coin_form.is_valid() and coin_form.cleaned_data["coin"]:
        coin = Decimal(coin_form.cleaned_data["coin"])
    return _plan_page(request, access, coin)


@login_required
@require_POST
def payday_pay_all(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Pay every woman of the plan what the page showed her, in one action."""
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    form = PayDayForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, access, default_coin(), form=form, status=400)
    coin = Decimal(form.cleaned_data["coin"])
    token = form.cleaned_data["token"]
    if token is not None:
        already = _paid_with(access, token)
        if already is not None:
            return already
    plan = payday_plan(access.group, coin=coin)
    members = [line.member for line in plan.payable]
    seen_form = SeenBalancesForm(request.POST, members=members)
    if not seen_form.is_valid():
        errors = [str(e) for errs in seen_form.errors.values() for e in errs]
        return _plan_page(request, access, coin, form=form, errors=errors, status=400)
    try:
        payouts = payday_pay(
            group=access.group,
            coin=coin,
            seen={m.pk: seen_form.seen(m) for m in members},
            paid_on=form.cleaned_data["paid_on"],
            method=form.cleaned_data["method"],
            by=request.user,
            token=token,
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "already_sent" and token is not None:
            already = _paid_with(access, token)
            if already is not None:
                return already
        return _plan_page(request, access, coin, form=form, errors=exc.messages, status=400)
    return redirect(reverse("payouts_done", args=[group_id]) + "?" + _ids_query(payouts))


@login_required
def pay_sheet(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The planilla of a batch of payouts: ?ids=<payout id>,<payout id>..."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    payouts = payouts_for(access, _ids_from_query(request))
    first = payouts[0]
    return pdf_response(
        payouts_sheet_pdf(payouts), f"planilla-{first.paid_on:%Y-%m-%d}-{first.number}.pdf"
    )
