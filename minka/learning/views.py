"""Training pages. Views authorise, parse a form, call one service, render."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minka.learning import services
from minka.learning.access import sees_all_attendees, session_for, training_for
from minka.learning.forms import (
    AttendanceForm,
    CertificateForm,
    SessionForm,
    TrainingForm,
    TrainingNamesForm,
    WishForm,
)
from minka.learning.models import (
    PRIVATE_KINDS,
    Attendance,
    Certificate,
    LearningWish,
    Training,
    TrainingKind,
    TrainingNames,
)
from minka.learning.pdf import attendance_sheet_pdf, certificate_pdf
from minka.learning.selectors import trainings_with_figures
from minka.learning.summary import member_summary
from minka.lib.http import AuthedHttpRequest, flash_refusal, pdf_response
from minka.members.access import Can, group_access


@login_required
def training_list(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    if not access.can_view_group and access.member:
        return redirect("my_learning", group_id)
    access.require(Can.VIEW_GROUP)
    trainings = trainings_with_figures(Training.objects.filter(group=access.group))
    demand = (
        LearningWish.objects.filter(member__group=access.group)
        .values("kind", "technique__name")
        .annotate(n=Count("member", distinct=True))
        .order_by("-n", "kind")
        if access.can_manage
        else []
    )
    return render(
        request,
        "learning/training_list.html",
        {"access": access, "trainings": trainings, "demand": _label_demand(demand)},
    )


def _label_demand(rows: object) -> list[dict[str, object]]:
    labels = dict(TrainingKind.choices)
    return [{**row, "label": labels.get(row["kind"], row["kind"])} for row in rows]  # type: ignore[attr-defined]  # the rows are dicts from .values()


@login_required
def training_create(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    form = TrainingForm(request.POST or None, group=access.group)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(group=access.group, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Capacitación creada. Agregue sus sesiones."))
            return redirect("training_detail", group_id, training.id)
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Nueva capacitación")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def training_detail(
    request: AuthedHttpRequest, group_id: uuid.UUID, training_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    training = training_for(access, training_id)
    session_form = SessionForm(request.POST or None)
    if request.method == "POST":
        access.require(Can.MANAGE)
        if session_form.is_valid():
            try:
                services.session_add(training=training, **session_form.cleaned_data)
            except ValidationError as exc:
                session_form.add_error(None, exc)
            else:
                messages.success(request, _("Sesión agregada."))
                return redirect("training_detail", group_id, training.id)
    show_all = sees_all_attendees(access, training)
    figures = trainings_with_figures(Training.objects.filter(pk=training.pk)).get()
    sessions = list(
        training.sessions.annotate(
            women=Count("attendance__member"),
            guests=Count("attendance", filter=Q(attendance__member__isnull=True)),
        )
    )
    rows = Attendance.objects.filter(session__training=training).select_related("member")
    if not show_all:
        own = access.member.id if access.member else None
        rows = rows.filter(member_id=own) if own else rows.none()
    names: dict[uuid.UUID, list[str]] = {}
    for row in rows.order_by("member__number", "guest_name"):
        names.setdefault(row.session_id, []).append(
            row.member.full_name
            if row.member
            else _("%(name)s (invitado)") % {"name": row.guest_name}
        )
    for s in sessions:
        s.names = names.get(s.id, [])  # type: ignore[attr-defined]  # a display-only attribute for the template
    certificates = training.certificates.select_related("member")
    if not show_all:
        certificates = (
            certificates.filter(member=access.member) if access.member else certificates.none()
        )
    return render(
        request,
        "learning/training_detail.html",
        {
            "access": access,
            "training": training,
            "sessions": sessions,
            "show_all": show_all,
            "hours": figures.hours,  # type: ignore[attr-defined]  # annotated by the selector
            "women": figures.women,  # type: ignore[attr-defined]  # annotated by the selector
            "certificates": certificates,
            "session_form": session_form,
            "certificate_form": CertificateForm(group=access.group) if access.can_manage else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_attendance(
    request: AuthedHttpRequest, group_id: uuid.UUID, session_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    session = session_for(access, session_id)
    current = Attendance.objects.filter(session=session)
    form = AttendanceForm(
        request.POST or None,
        group=access.group,
        initial={
            "members": [a.member_id for a in current if a.member_id],
            "guests": "\n".join(a.guest_name for a in current if not a.member_id),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            n = services.attendance_record(
                session=session,
                members=list(form.cleaned_data["members"]),
                guests=form.cleaned_data["guests"].splitlines(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Asistencia guardada: %(n)d personas.") % {"n": n})
            return redirect("training_detail", group_id, session.training_id)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Asistencia del %(date)s") % {"date": session.held_on.strftime("%d/%m/%Y")},
            "intro": session.training.topic,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def certificate_create(
    request: AuthedHttpRequest, group_id: uuid.UUID, training_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.MANAGE)
    training = training_for(access, training_id)
    form = CertificateForm(request.POST, group=access.group)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            services.certificate_issue(
                training=training,
                member=form.cleaned_data["member"],
                passed=form.cleaned_data["passed"],
                on=timezone.localdate(),
            )
        except ValidationError as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Certificado registrado."))
    return redirect("training_detail", group_id, training.id)


@login_required
def session_sheet(
    request: AuthedHttpRequest, group_id: uuid.UUID, session_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    session = session_for(access, session_id)
    return pdf_response(attendance_sheet_pdf(session), f"asistencia-{session.held_on:%Y-%m-%d}.pdf")


@login_required
def certificate_print(
    request: AuthedHttpRequest, group_id: uuid.UUID, certificate_id: uuid.UUID
) -> HttpResponse:
    access = group_access(request.user, group_id)
    certificate = get_object_or_404(
        Certificate.objects.select_related("training__group", "member", "training__technique"),
        training__group=access.group,
        id=certificate_id,
    )
    own = access.member is not None and access.member.id == certificate.member_id
    if not own and not sees_all_attendees(access, certificate.training):
        raise Http404
    training = certificate.training
    private = training.sensitive or training.kind in PRIVATE_KINDS
    # Her own copy names a private training as her pages do, unless she chose otherwise.
    neutral = (
        own
        and private
        and not TrainingNames.objects.filter(member=certificate.member, show_names=True).exists()
    )
    return pdf_response(
        certificate_pdf(certificate, neutral=neutral),
        f"certificado-{certificate.member.number}.pdf",
    )


@login_required
def my_learning(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """A member's own trainings and certificates, and what she wants to learn."""
    access = group_access(request.user, group_id)
    if access.member is None:
        raise Http404
    member = access.member
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.wish_add(member=member, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Gracias: la coordinadora verá lo que quiere aprender."))
            return redirect("my_learning", group_id)
    return render(
        request,
        "learning/my_learning.html",
        {
            "access": access,
            "member": member,
            "learning": member_summary(member, access),
            "form": form,
            "wishes": LearningWish.objects.filter(member=member).select_related("technique"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_training_names(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Her own choice: her private trainings read "Taller", or by their names. Only she
    makes it (not the coordinator)."""
    access = group_access(request.user, group_id)
    if access.member is None:
        raise Http404
    if request.method == "POST":
        form = TrainingNamesForm(request.POST)
        if form.is_valid():
            services.training_names_choose(
                member=access.member, show_names=form.cleaned_data["show_names"]
            )
            messages.success(request, _("Listo."))
    return redirect("my_learning", group_id)
