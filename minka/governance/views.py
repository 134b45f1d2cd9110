"""Meetings and committee pages. Views authorise, parse a form, call one service, render."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.governance import services
from minka.governance.access import meeting_for, term_for
from minka.governance.forms import (
    AgreementForm,
    MeetingAttendanceForm,
    MeetingForm,
    PostForm,
    RulesForm,
    TermForm,
    VoteForm,
)
from minka.governance.indicators import ever_held_share
from minka.governance.models import Meeting, MeetingKind, Post, PostHolding, Term
from minka.governance.pdf import meeting_sheet_pdf
from minka.governance.roles import committee_role_changes
from minka.ledger.models import LedgerEntry
from minka.lib.http import AuthedHttpRequest, flash_refusal
from minka.members.access import Access, Can, group_access


def _refused(
    request: AuthedHttpRequest, form: forms.Form | None, exc: ValidationError | None
) -> None:
    if form is not None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    if exc is not None:
        flash_refusal(request, exc)


def _group_page(request: AuthedHttpRequest, group_id: uuid.UUID) -> Access:
    return group_access(request.user, group_id)


@login_required
def meeting_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = _group_page(request, group_id)
    if not access.can_view_group and access.member:
        return redirect("member_statement", group_id, access.member.id)
    access.require(Can.VIEW_GROUP)
    meetings = Meeting.objects.filter(group=access.group).annotate(
        present=Count("attendance", distinct=True),
        agreement_count=Count("agreements", distinct=True),
    )
    return render(request, "governance/meeting_list.html", {"access": access, "meetings": meetings})


@login_required
def meeting_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(group=access.group, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Reunión creada. Registre la asistencia."))
            return redirect("meeting_detail", group_id, meeting.id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Nueva reunión o asamblea")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    access = _group_page(request, group_id)
    meeting = meeting_for(access, meeting_id)
    present = list(meeting.attendance.select_related("member").order_by("member__number"))
    # Fines are money: the coordinator who records them and the treasurer who may annul one.
    sees_fines = meeting.kind == MeetingKind.ASSEMBLY and (access.can_manage or access.can_pay)
    fines = (
        list(
            LedgerEntry.objects.filter(source_type=services.FINE_SOURCE, source_id=meeting.id)
            .select_related("member", "reversed_by")
            .order_by("member__number")
        )
        if sees_fines
        else []
    )
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "access": access,
            "meeting": meeting,
            "present": [a.member for a in present],
            "quorum": services.quorum(meeting),
            "rules": services.rules_for(access.group),
            "agreements": meeting.agreements.select_related("responsible"),
            "votes": meeting.votes.all(),
            "fines": fines,
            "sees_fines": sees_fines,
            "agreement_form": AgreementForm(group=access.group) if access.can_manage else None,
            "vote_form": VoteForm() if access.can_manage else None,
        },
    )


@login_required
def meeting_attendance(
    request: AuthedHttpRequest, group_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    meeting = meeting_for(access, meeting_id)
    form = MeetingAttendanceForm(
        request.POST or None,
        group=access.group,
        initial={"members": list(meeting.attendance.values_list("member_id", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            n = services.meeting_attendance_record(
                meeting=meeting, members=list(form.cleaned_data["members"])
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Asistencia guardada: %(n)d socias.") % {"n": n})
            return redirect("meeting_detail", group_id, meeting.id)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Asistencia del %(date)s") % {"date": meeting.held_on.strftime("%d/%m/%Y")},
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def agreement_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    meeting = meeting_for(access, meeting_id)
    form = AgreementForm(request.POST, group=access.group)
    if not form.is_valid():
        _refused(request, form, None)
    else:
        try:
            services.agreement_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            _refused(request, None, exc)
        else:
            messages.success(request, _("Acuerdo registrado."))
    return redirect("meeting_detail", group_id, meeting.id)


@login_required
@require_POST
def vote_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    meeting = meeting_for(access, meeting_id)
    form = VoteForm(request.POST)
    if not form.is_valid():
        _refused(request, form, None)
    else:
        try:
            services.vote_record(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            _refused(request, None, exc)
        else:
            messages.success(request, _("Votación registrada."))
    return redirect("meeting_detail", group_id, meeting.id)


@login_required
@require_POST
def meeting_fines(
    request: AuthedHttpRequest, group_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    meeting = meeting_for(access, meeting_id)
    try:
        entries = services.fines_apply(meeting=meeting, by=request.user)
    except ValidationError as exc:
        _refused(request, None, exc)
    else:
        if entries:
            messages.success(
                request,
                _("Multas registradas: %(n)d socias, %(total)s en total.")
                % {"n": len(entries), "total": services.fine_total_text(entries)},
            )
        else:
            messages.success(request, _("No hay multas nuevas que registrar."))
    return redirect("meeting_detail", group_id, meeting.id)


@login_required
def meeting_sheet(
    request: AuthedHttpRequest, group_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    access = _group_page(request, group_id)
    meeting = meeting_for(access, meeting_id)
    response = HttpResponse(meeting_sheet_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="asistencia-{meeting.held_on:%Y-%m-%d}.pdf"'
    )
    return response


@login_required
def committee(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The committee now, the history of every post, and the rotation planner."""
    access = _group_page(request, group_id)
    if not access.can_view_group and access.member:
        return redirect("member_statement", group_id, access.member.id)
    access.require(Can.VIEW_GROUP)
    today = timezone.localdate()
    terms = list(Term.objects.filter(group=access.group))
    holdings = PostHolding.objects.filter(term__group=access.group).select_related("member", "term")
    by_term: dict[uuid.UUID, dict[str, PostHolding]] = {}
    history: dict[str, list[PostHolding]] = {p.value: [] for p in Post}
    for h in holdings.order_by("-term__starts_on"):
        by_term.setdefault(h.term_id, {})[h.post] = h
        history[h.post].append(h)
    term_rows = [
        {
            "term": t,
            "current": t.starts_on <= today <= t.ends_on,
            "posts": [(p.label, by_term.get(t.id, {}).get(p.value)) for p in Post],
        }
        for t in terms
    ]
    # The latest term's committee and Minka's roles disagree: say so (never silent).
    role_changes = len(committee_role_changes(terms[0])) if terms and access.can_manage_roles else 0
    return render(
        request,
        "governance/committee.html",
        {
            "access": access,
            "terms": term_rows,
            "history": [(p.label, history[p.value]) for p in Post],
            "plan": services.rotation_plan(group=access.group, today=today),
            "share": ever_held_share(access.group),
            "role_changes": role_changes,
            "term_form": TermForm() if access.can_manage else None,
            "post_form": PostForm(group=access.group) if access.can_manage else None,
            "rules": services.rules_for(access.group),
        },
    )


@login_required
@require_POST
def term_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    form = TermForm(request.POST)
    if not form.is_valid():
        _refused(request, form, None)
    else:
        try:
            services.term_create(group=access.group, **form.cleaned_data)
        except ValidationError as exc:
            _refused(request, None, exc)
        else:
            messages.success(request, _("Periodo creado."))
    return redirect("committee", group_id)


@login_required
@require_POST
def post_assign(
    request: AuthedHttpRequest, group_id: uuid.UUID, term_id: uuid.UUID
) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    term = term_for(access, term_id)
    form = PostForm(request.POST, group=access.group)
    if not form.is_valid():
        _refused(request, form, None)
    else:
        try:
            services.post_assign(term=term, **form.cleaned_data)
        except ValidationError as exc:
            _refused(request, None, exc)
        else:
            messages.success(request, _("Cargo asignado."))
            if access.can_manage_roles and committee_role_changes(term):
                # The new post may change who holds a role in Minka: ask, never silently.
                return redirect("committee_roles", group_id, term.id)
    return redirect("committee", group_id)


@login_required
def rules_edit(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = _group_page(request, group_id)
    access.require(Can.MANAGE)
    rules = services.rules_for(access.group)
    form = RulesForm(
        request.POST or None,
        initial={
            "fine_per_absence": rules.fine_per_absence,
            "quorum_percent": rules.quorum_percent,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_set(group=access.group, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Reglas guardadas."))
            return redirect("committee", group_id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Reglas del grupo")},
        status=400 if request.method == "POST" else 200,
    )
