"""The organisation's staff keep their projects right: donors and their read-only logins,
and edits of a project, its budget lines, its results and indicators; spending is
corrected by a cancelling row, never edited. Every page is scoped to the staff's own
organisation (access.py); a donor's login gets 403, anyone else 404."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minka.lib.http import AuthedHttpRequest
from minka.organisation import services
from minka.organisation.access import donor_for_staff, organisation_for_staff, project_access
from minka.organisation.forms import (
    BudgetLineForm,
    DonorForm,
    DonorLoginForm,
    IndicatorEditForm,
    ProjectDonorsForm,
    ProjectEditForm,
    ResultForm,
    SpendingForm,
)
from minka.organisation.models import BudgetLine, Donor, Indicator, Project, Result, Spending


def _staff_project(request: AuthedHttpRequest, project_id: uuid.UUID) -> Project:
    access = project_access(request.user, project_id)
    access.require_staff()
    return access.project


def _back(project: Project) -> str:
    return reverse("project", args=[project.id])


def _page(
    request: AuthedHttpRequest, form: object, title: str, back: str, **extra: object
) -> HttpResponse:
    return render(request, "form_page.html", {"form": form, "title": title, "back": back, **extra})


@login_required
def donors(request: AuthedHttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    """The organisation's donors, their projects and logins; a form to add one."""
    organisation = organisation_for_staff(request.user, organisation_id)
    form = DonorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            donor = services.donor_add(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Donante %(name)s agregado.") % {"name": donor.name})
            return redirect("donors", organisation.id)
    listed = (
        Donor.objects.filter(organisation=organisation)
        .prefetch_related("projects", "logins__user")
        .order_by("name")
    )
    return render(
        request,
        "organisation/donors.html",
        {"organisation": organisation, "donors": listed, "form": form},
    )


@login_required
def donor_login_new(request: AuthedHttpRequest, donor_id: uuid.UUID) -> HttpResponse:
    donor = donor_for_staff(request.user, donor_id)
    form = DonorLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.donor_login_create(donor=donor, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Acceso de solo lectura creado: %(user)s. Entréguele la contraseña en persona.")
                % {"user": user.username},
            )
            return redirect("donors", donor.organisation_id)
    return _page(
        request,
        form,
        _("Acceso para %(donor)s") % {"donor": donor.name},
        reverse("donors", args=[donor.organisation_id]),
        intro=_(
            "Verá solo los proyectos que financia: sus informes y cifras de conjunto, nunca "
            "el nombre ni el dinero de una socia."
        ),
    )


@login_required
def project_donors(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = _staff_project(request, project_id)
    form = ProjectDonorsForm(
        request.POST or None,
        organisation=project.organisation,
        initial={"donors": list(project.donors.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_donors_set(project=project, donors=form.cleaned_data["donors"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Donantes del proyecto guardados."))
            return redirect("project", project.id)
    return _page(
        request,
        form,
        _("Donantes del proyecto"),
        _back(project),
        intro=_("Agregue un donante nuevo en la página de donantes de la organización."),
    )


@login_required
def project_edit(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = _staff_project(request, project_id)
    initial = {
        "title": project.title,
        "description": project.description,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "donors": list(project.donors.all()),
        "groups": list(project.groups.all()),
    }
    form = ProjectEditForm(request.POST or None, organisation=project.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proyecto guardado."))
            return redirect("project", project.id)
    return _page(
        request,
        form,
        _("Editar el proyecto %(code)s") % {"code": project.code},
        _back(project),
        intro=_(
            "El código y la moneda no cambian: de ellos dependen el archivo IATI y los gastos."
        ),
    )


@login_required
def budget_line_edit(
    request: AuthedHttpRequest, project_id: uuid.UUID, budget_line_id: uuid.UUID
) -> HttpResponse:
    project = _staff_project(request, project_id)
    line = get_object_or_404(BudgetLine, id=budget_line_id, project=project)
    form = BudgetLineForm(request.POST or None, initial={"name": line.name, "amount": line.amount})
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_update(line=line, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Partida guardada."))
            return redirect("project", project.id)
    return _page(request, form, _("Editar la partida"), _back(project))


@login_required
def spending_correct(
    request: AuthedHttpRequest, project_id: uuid.UUID, spending_id: uuid.UUID
) -> HttpResponse:
    """Correct a spending record: it is cancelled by a negative row and, unless staff only
    cancel it, the right figures are recorded as a new row."""
    project = _staff_project(request, project_id)
    original = get_object_or_404(Spending, id=spending_id, line__project=project, amount__gt=0)
    initial = {
        "line": original.line,
        "spent_on": original.spent_on,
        "document": original.document,
        "description": original.description,
        "amount": original.amount,
        "currency": original.currency,
        "exchange_rate": original.exchange_rate if original.currency != project.currency else None,
    }
    only_cancel = request.POST.get("only_cancel") == "1"
    form = SpendingForm(
        None if only_cancel else (request.POST or None), project=project, initial=initial
    )
    if request.method == "POST" and (only_cancel or form.is_valid()):
        try:
            services.spending_correct(
                original=original,
                by=request.user,
                replacement=None if only_cancel else dict(form.cleaned_data),
            )
        except ValidationError as exc:
            if only_cancel:
                messages.error(request, " ".join(exc.messages))
                return redirect("project", project.id)
            form.add_error(None, exc)
        else:
            messages.success(request, _("Gasto corregido: el registro anterior queda anulado."))
            return redirect("project", project.id)
    return render(
        request,
        "organisation/spending_correct.html",
        {"form": form, "original": original, "project": project, "back": _back(project)},
    )


@login_required
def result_edit(
    request: AuthedHttpRequest, project_id: uuid.UUID, result_id: uuid.UUID
) -> HttpResponse:
    project = _staff_project(request, project_id)
    result = get_object_or_404(Result, id=result_id, project=project)
    form = ResultForm(request.POST or None, initial={"title": result.title})
    if request.method == "POST" and form.is_valid():
        services.result_update(result=result, title=form.cleaned_data["title"])
        messages.success(request, _("Resultado guardado."))
        return redirect("project", project.id)
    return _page(request, form, _("Editar el resultado"), _back(project))


@login_required
def indicator_edit(
    request: AuthedHttpRequest, project_id: uuid.UUID, indicator_id: uuid.UUID
) -> HttpResponse:
    project = _staff_project(request, project_id)
    indicator = get_object_or_404(Indicator, id=indicator_id, result__project=project)
    periods = list(indicator.periods.all())
    initial = {
        "title": indicator.title,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "baseline_year": indicator.baseline_year,
        "target": indicator.target,
    }
    form = IndicatorEditForm(request.POST or None, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.indicator_update(
            indicator=indicator,
            title=d["title"],
            unit=d["unit"],
            baseline=d["baseline"],
            baseline_year=d["baseline_year"],
            target=d["target"],
            period_targets=form.period_targets(),
        )
        messages.success(request, _("Indicador guardado."))
        return redirect("project", project.id)
    return _page(
        request,
        form,
        _("Editar el indicador"),
        _back(project),
        intro=_("Cómo se calcula: %(kind)s. Eso no cambia: los periodos ya se calcularon así.")
        % {"kind": indicator.get_kind_display()},
    )
