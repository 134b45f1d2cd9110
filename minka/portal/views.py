"""The member's own pages. Views authorise, parse a form, call selectors, render."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from minka.governance.summary import member_summary as governance_summary
from minka.learning.summary import member_summary as learning_summary
from minka.ledger.selectors import member_money, statement_entry, statement_page
from minka.lib.http import AuthedHttpRequest, pdf_response
from minka.members.access import Access, Can, group_access, member_for
from minka.members.audit import access_record, access_record_view
from minka.members.models import Action, Member, MemberStatus
from minka.portal.forms import PayDayForm, StatementForm
from minka.portal.kept import (
    CSRF_MARK,
    keep_page,
    kept_page,
    page_key,
    pending_messages,
    served,
)
from minka.portal.picture import picture_statements_pdf, pictures_for
from minka.portal.selectors import next_meeting, next_pay_day
from minka.portal.services import payday_set
from minka.production.models import Allocation
from minka.production.selectors import (
    allocations_with_progress,
    material_reconciliation,
    member_accepted_pieces,
)
from minka.sales.indicators import member_sales
from minka.tourism.models import HostProfile

# Her orders listed on her statement, newest first: about a season's worth.
RECENT_WORK = 12


@login_required
def member_statement(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    """Her work, her materials and her money, for her and for the coordinator.

    Her money lines come newest first, a page at a time (older pages on request, by
    period too); the figures come from the month totals, so the page costs the same
    for a member with ten lines as for one with ten thousand. Her first page is kept
    rendered until something of her group changes (minka/portal/kept.py)."""
    access = group_access(request.user, group_id)
    member = member_for(access, member_id)
    form = StatementForm(request.GET)
    valid = form.is_valid()
    # Only her first page is kept, never one that shows a message (those are shown once);
    # the key is read before the data (see kept.py).
    keep = valid and not request.GET and not pending_messages(request)
    key = page_key(request, access, member) if keep else None
    page = kept_page(key) if key else None
    if page is None:
        body = _statement_body(request, access, member, form, valid)
        context = {"access": access, "member": member, "body": body}
        context["csrf_token"] = CSRF_MARK  # this visit's token goes in when served
        page = render_to_string("portal/member_statement.html", context, request)
        if key:
            keep_page(key, page)
    if access.member != member:  # her own visits are never logged: that is all it asks
        access_record(
            user=request.user,
            group=access.group,
            action=Action.VIEW_STATEMENT,
            member=member,
            request=request,
        )
    return HttpResponse(served(page, request), status=200 if valid else 400)


def _statement_body(
    request: AuthedHttpRequest, access: Access, member: Member, form: StatementForm, valid: bool
) -> SafeString:
    period = {k: v for k, v in form.cleaned_data.items() if k in ("first", "last")} if valid else {}
    after = None
    if valid and form.cleaned_data["after"]:
        after = statement_entry(member, form.cleaned_data["after"])
        if after is None:
            raise Http404
    page = statement_page(member, after=after, **period)
    kept = {k: request.GET[k] for k in ("first", "last") if valid and request.GET.get(k)}
    older_url = ("?" + urlencode({**kept, "after": page.older.id})) if page.older else ""
    newest_url = ("?" + urlencode(kept)) if kept else "?"
    # Her newest work only, and the count of the rest: the page must not grow with years
    # of orders (her money lines are paged the same way, and all her work is in them).
    allocations = list(
        allocations_with_progress(member=member).order_by("-created_at")[:RECENT_WORK]
    )
    earlier = 0
    if len(allocations) == RECENT_WORK:
        earlier = Allocation.objects.filter(member=member).count() - RECENT_WORK
    return render_to_string(
        "portal/_statement_body.html",
        {
            "access": access,
            "member": member,
            "allocations": allocations,
            "earlier_work": earlier,
            "entries": page.entries,
            "page": page,
            "form": form,
            "filtered": bool(period.get("first") or period.get("last")),
            "older_url": older_url,
            "newest_url": newest_url if after is not None else "",
            "money": member_money(member),
            "learning": learning_summary(member, access),
            "governance": governance_summary(member, access),
            "sales": member_sales(member),
            "pieces": member_accepted_pieces(member),
            "materials": material_reconciliation(member),
            "is_host": HostProfile.objects.filter(member=member).exists(),
            "next_meeting": next_meeting(access.group),
            "pay_day": next_pay_day(access.group),
            "csrf_token": CSRF_MARK,  # this visit's token goes in when served
        },
        request,
    )


@login_required
def member_picture(
    request: AuthedHttpRequest, group_id: uuid.UUID, member_id: uuid.UUID
) -> HttpResponse:
    """Her one-page picture statement, in her language."""
    access = group_access(request.user, group_id)
    member = member_for(access, member_id)
    access_record_view(request, group=access.group, action=Action.VIEW_STATEMENT, member=member)
    pdf = picture_statements_pdf(pictures_for(access.group, [member]))
    return pdf_response(pdf, f"cuenta-{member.number}.pdf")


@login_required
def group_pictures(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Everyone's picture statement at once, to print before the meeting."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    members = list(
        Member.objects.filter(group=access.group, status=MemberStatus.ACTIVE)
        .select_related("group")
        .order_by("number")
    )
    access_record_view(
        request, group=access.group, action=Action.VIEW_STATEMENT, detail="todas (PDF)"
    )
    pdf = picture_statements_pdf(pictures_for(access.group, members))
    return pdf_response(pdf, f"cuentas-{access.group.code}.pdf")


@login_required
def pay_day(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The treasurer announces the next pay day; her members see it on their start page."""
    access = group_access(request.user, group_id)
    access.require(Can.PAY)
    current = next_pay_day(access.group)
    form = PayDayForm(request.POST or None, initial={"next_on": current})
    if request.method == "POST" and form.is_valid():
        payday_set(group=access.group, next_on=form.cleaned_data["next_on"], by=request.user)
        messages.success(request, _("Día de pago anunciado."))
        return redirect("pay_day", access.group.id)
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "form": form, "current": current}
    return render(request, "portal/pay_day.html", context, status=status)
