"""The treasurer's money pages and the printed receipts.

Views authorise, parse a form, call one service, render. Who may do what:
the coordinator, the treasurer and the organisation's staff see the balances; only the
treasurer pays and corrects; a member sees her own receipts; an outsider sees nothing.
"""

import uuid
from collections.abc import Collection, Sequence
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.ledger import payday, selectors, services
from minka.ledger.access import entry_for, payout_for, payouts_for
from minka.ledger.forms import (
    IdsQueryForm,
    PayManyForm,
    PayoutForm,
    PickedMembersForm,
    ReverseForm,
    SeenBalancesForm,
)
from minka.ledger.models import Payout
from minka.ledger.receipts import receipt_filename, receipts_pdf
from minka.lib.http import AuthedHttpRequest, pdf_response
from minka.lib.money import cents
from minka.members.access import Access, Can, group_access, member_for
from minka.members.models import Member

MAX_IDS = 500  # receipts printed at once; a group has far fewer members


def _ids_from_query(request: AuthedHttpRequest) -> list[uuid.UUID]:
    form = IdsQueryForm(request.GET)
    ids = form.cleaned_data["ids"] if form.is_valid() else []
    if not ids or len(ids) > MAX_IDS:
        raise Http404
    return ids


def _ids_query(payouts: Sequence[Payout]) -> str:
    return "ids=" + ",".join(str(p.id) for p in payouts)


def _balances_page(
    request: AuthedHttpRequest,
    access: Access,
    form: PayManyForm | None,
    *,
    checked: Collection[uuid.UUID] = (),
    errors: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    rows = selectors.member_balances(access.group)
    totals = {
        "earned": sum((r.earned for r in rows), Decimal("0")),
        "received": sum((r.received for r in rows), Decimal("0")),
        "balance": sum((r.balance for r in rows), Decimal("0")),
    }
    owed = selectors.owed_of(r.balance for r in rows)
    totals |= {"owed": owed.owed, "advances": owed.advances}
    return render(
        request,
        "ledger/balances.html",
        {
            "access": access,
            "rows": rows,
            "totals": totals,
            "form": form,
            "checked": set(checked),
            "errors": errors,
            "payable": sum(1 for r in rows if r.balance > 0),
        },
        status=status,
    )


@login_required
def balances(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    form = PayManyForm() if access.can_pay else None
    return _balances_page(request, access, form)


@login_required
@require_POST
def payouts_many(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Pay every ticked member her whole balance, with one date and one method."""
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    form = PayManyForm(request.POST)
    picked = PickedMembersForm(request.POST)
    if not picked.is_valid():
        refused = [str(e) for e in picked.errors.get("member", [])]
        return _balances_page(request, access, form, status=400, errors=refused)
    ids = picked.cleaned_data["member"]
    found = {m.id: m for m in Member.objects.filter(group=access.group, id__in=ids)}
    if len(found) != len(ids):
        raise Http404
    members = [found[member_id] for member_id in ids]
    seen_form = SeenBalancesForm(request.POST, members=members)
    errors: list[str] = []
    lines: list[payday.PayLine] = []
    if seen_form.is_valid():
        lines = [payday.PayLine(member=m, amount=seen_form.seen(m)) for m in members]
    else:
        errors = [str(e) for field_errors in seen_form.errors.values() for e in field_errors]
    if form.is_valid() and not errors:
        try:
            payouts = payday.payouts_settle(
                lines=lines,
                paid_on=form.cleaned_data["paid_on"],
                method=form.cleaned_data["method"],
                by=request.user,
                token=form.cleaned_data["token"],
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            return redirect(reverse("payouts_done", args=[group_id]) + "?" + _ids_query(payouts))
    return _balances_page(request, access, form, checked=ids, errors=errors, status=400)


@login_required
def payout_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    member = member_for(access, member_id)
    balance = selectors.member_balance(member)
    form = PayoutForm(
        request.POST or None,
        initial={
            "amount": str(cents(balance)) if balance > 0 else None,
            "paid_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            payout = services.payout_make(
                member=member,
                amount=d["amount"],
                paid_on=d["paid_on"],
                method=d["method"],
                as_advance=d["as_advance"],
                by=request.user,
                token=d["token"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(reverse("payouts_done", args=[group_id]) + "?" + _ids_query([payout]))
    return render(
        request,
        "ledger/payout_form.html",
        {
            "access": access,
            "member": member,
            "balance": balance,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def payouts_done(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """After paying: what was paid, and one big button to print the receipts."""
    access = group_access(request.user, group_id)
    payouts = payouts_for(access, _ids_from_query(request))
    if len(payouts) == 1:
        pdf_url = reverse("payout_receipt", args=[group_id, payouts[0].id])
    else:
        pdf_url = reverse("payout_receipts", args=[group_id]) + "?" + _ids_query(payouts)
    return render(
        request,
        "ledger/payouts_done.html",
        {
            "access": access,
            "payouts": payouts,
            "pdf_url": pdf_url,
            "sheet_url": reverse("pay_sheet", args=[group_id]) + "?" + _ids_query(payouts),
            "total": sum((p.amount for p in payouts), Decimal("0")),
        },
    )


@login_required
def payout_receipt(
    request: AuthedHttpRequest, group_id: uuid.UUID, payout_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    payout = payout_for(access, payout_id)
    return pdf_response(receipts_pdf([payout]), receipt_filename([payout]))


@login_required
def payout_receipts(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Several receipts in one PDF, one per page: ?ids=<payout id>,<payout id>..."""
    access = group_access(request.user, group_id)
    payouts = payouts_for(access, _ids_from_query(request))
    return pdf_response(receipts_pdf(payouts), receipt_filename(payouts))


@login_required
def entry_reverse(
    request: AuthedHttpRequest, group_id: uuid.UUID, entry_id: uuid.UUID
) -> HttpResponse:
    """Correct a mistake with an opposite entry; nothing is edited or deleted."""
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    entry = entry_for(access, entry_id)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_reverse(
                entry=entry,
                reason=form.cleaned_data["reason"],
                by=request.user,
                on=timezone.localdate(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Corrección registrada. El nuevo saldo está abajo."))
            return redirect("member_statement", group_id, entry.member_id)
    balance = selectors.member_balance(entry.member, entry.currency)
    return render(
        request,
        "ledger/entry_reverse.html",
        {
            "access": access,
            "entry": entry,
            "form": form,
            "refusal": services.entry_reverse_refusal(entry),
            "balance": balance,
            "balance_after": balance - entry.amount,
        },
        status=400 if request.method == "POST" else 200,
    )
