"""The organisation's desk and its projects. Views authorise, read a form, call one
service or selector, render."""

import hashlib
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.impact.indicators import period_from_query
from minka.lib.http import AuthedHttpRequest, flash_refusal
from minka.members.fairpay import (
    MINIMUM_MONTHLY_WAGE,
    MINIMUM_WAGE_SINCE,
    MINIMUM_WAGE_SOURCE,
    fair_hourly_wage,
    hourly_pay,
    pays_fairly,
)
from minka.members.models import Group
from minka.organisation import services
from minka.organisation.access import (
    organisation_for_staff,
    organisations_for,
    project_access,
    projects_for_donor,
)
from minka.organisation.forms import (
    BudgetLineForm,
    DeskFilterForm,
    FairWageForm,
    IndicatorForm,
    ManualActualForm,
    ProjectForm,
    SpendingForm,
    SummaryForm,
)
from minka.organisation.indicators import (
    DIMENSIONS,
    IndicatorRow,
    dimension_label,
    project_indicators,
)
from minka.organisation.models import IndicatorPeriod, Project
from minka.organisation.overview import Filters, filter_choices, group_rows, sort_rows
from minka.organisation.rollup import group_months_refresh
from minka.organisation.selectors import cancelled_spending, latest_spending, project_budget
from minka.organisation.table import rows_html
from minka.production.models import Product

MAX_DESIGNS = 500
DESK_CACHE_SECONDS = 300
SPENDING_SHOWN = 100  # the full list is in the IATI file and the Excel report


@login_required
def desk_home(request: AuthedHttpRequest) -> HttpResponse:
    """Staff go to their organisation's desk; a donor login sees its projects."""
    organisations = organisations_for(request.user)
    projects = projects_for_donor(request.user)
    if len(organisations) == 1 and not projects:
        return redirect("desk", organisations[0].id)
    return render(
        request,
        "organisation/home.html",
        {"organisations": organisations, "projects": projects},
    )


@login_required
def desk(request: AuthedHttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = organisation_for_staff(request.user, organisation_id)
    today = timezone.localdate()
    period, problem = period_from_query(request.GET, today=today)
    choices = filter_choices(organisation, period)
    form = DeskFilterForm(request.GET or None, choices=choices)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = Filters(
        region=data.get("region") or "",
        technique=data.get("technique"),
        project=data.get("project"),
    )
    sort, desc = data.get("sort") or "name", bool(data.get("desc"))
    # The figures change only when the rollup is rebuilt (its computed_at is in the key);
    # names and regions may lag a rename by at most DESK_CACHE_SECONDS.
    parts = (organisation.id, period.first, period.last, filters, sort, desc, *choices.computed)
    key = "desk:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        rows = sort_rows(group_rows(organisation, period, filters, today), sort, desc)
        # Only what the page shows: a thousand rows' objects cost more to pickle into
        # the cache and back than the finished table does.
        cached = (len(rows), rows_html(rows))
        cache.set(key, cached, DESK_CACHE_SECONDS)
    row_count, table = cached
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("desc", None)
    return render(
        request,
        "organisation/desk.html",
        {
            "organisation": organisation,
            "period": period,
            "problem": problem,
            "form": form,
            "row_count": row_count,
            "table": table,
            "choices": choices,
            "sort": sort,
            "desc": desc,
            "query": query.urlencode(),
            "wage": fair_hourly_wage(organisation),
            "columns": [
                ("name", _("Grupo")),
                ("region", _("Región")),
                ("members", _("Socias activas")),
                ("on_time", _("Pedidos a tiempo")),
                ("delivered", _("Piezas entregadas")),
                ("accepted", _("Aceptadas")),
                ("paid", _("Pagado a las socias")),
                ("earnings", _("Ganancia por socia al mes")),
                ("training", _("Horas de capacitación")),
                ("retained", _("Siguen a los 12 meses")),
                ("fair", _("Piezas a pago justo")),
            ],
        },
    )


@login_required
def fair_pay(request: AuthedHttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    """The fair wage, and each design of a group against it."""
    organisation = organisation_for_staff(request.user, organisation_id)
    form = FairWageForm(request.POST or None, initial={"wage": organisation.fair_hourly_wage})
    if request.method == "POST" and form.is_valid():
        try:
            services.fair_wage_set(organisation=organisation, wage=form.cleaned_data["wage"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pago justo guardado."))
            return redirect("fair_pay", organisation.id)
    wage = fair_hourly_wage(organisation)
    groups = Group.objects.filter(organisation=organisation).order_by("name")
    group = (
        groups.filter(id=str(request.GET.get("group"))).first()
        if _is_uuid(request.GET.get("group"))
        else None
    )
    products = Product.objects.filter(group__organisation=organisation).select_related(
        "group", "technique"
    )
    if group is not None:
        products = products.filter(group=group)
    designs = [
        {
            "product": p,
            "hourly_a": hourly_pay(p.rate_a, p.standard_minutes),
            "hourly_b": hourly_pay(p.rate_b, p.standard_minutes),
            "fair_a": pays_fairly(p.rate_a, p.standard_minutes, wage),
            "fair_b": pays_fairly(p.rate_b, p.standard_minutes, wage),
        }
        for p in products.order_by("group__name", "code")[:MAX_DESIGNS]
    ]
    return render(
        request,
        "organisation/fair_pay.html",
        {
            "organisation": organisation,
            "form": form,
            "wage": wage,
            "designs": designs,
            "groups": groups,
            "group": group,
            "legal": {
                "wage": MINIMUM_MONTHLY_WAGE,
                "since": MINIMUM_WAGE_SINCE,
                "source": MINIMUM_WAGE_SOURCE,
            },
            "max_designs": MAX_DESIGNS,
        },
    )


def _is_uuid(value: str | None) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@login_required
def project_page(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    access = project_access(request.user, project_id)
    project = access.project
    results = [
        (result, [_shown(row, donor=not access.is_staff) for row in rows])
        for result, rows in project_indicators(project)
    ]
    spending, spending_total = (
        latest_spending(project, SPENDING_SHOWN) if access.is_staff else ([], 0)
    )
    return render(
        request,
        "organisation/project.html",
        {
            "pa": access,
            "project": project,
            "budget": project_budget(project),
            "spending": spending,
            "spending_total": spending_total,
            "corrected": cancelled_spending(project) if access.is_staff else set(),
            "spending_shown": SPENDING_SHOWN,
            "results": results,
            "donors": project.donors.all(),
            "group_count": project.groups.count(),
            "summaries": project.summaries.order_by("-starts_on"),
        },
    )


def _shown(row: IndicatorRow, *, donor: bool) -> dict[str, Any]:
    """An indicator row for the page; a donor sees no breakdown cell of few women."""
    shown = []
    for pr in row.periods:
        by = pr.actual.shown_to_donor() if donor else pr.actual.by
        shown.append(
            {
                "period": pr.period,
                "actual": pr.actual,
                # Joined here, not in the template: 200 groups x periods x indicators.
                "breakdowns": [
                    (
                        dimension_label(d),
                        "; ".join(
                            f"{name} {'—' if value is None else value}"
                            for name, value, _women in by.get(d, [])
                        ),
                    )
                    for d in DIMENSIONS
                ],
            }
        )
    return {"indicator": row.indicator, "unit": row.unit, "shown": shown}


@login_required
def spending_new(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    access = project_access(request.user, project_id)
    access.require_staff()
    project = access.project
    form = SpendingForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.spending_record(
                line=d["line"],
                spent_on=d["spent_on"],
                document=d["document"],
                description=d["description"],
                amount=d["amount"],
                currency=d["currency"],
                exchange_rate=d["exchange_rate"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Gasto registrado."))
            return redirect("project", project.id)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Registrar un gasto"), "back": project_url(project)},
    )


@login_required
def summary_edit(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    access = project_access(request.user, project_id)
    access.require_staff()
    project = access.project
    form = SummaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_save(project=project, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Resumen guardado."))
            return redirect("project", project.id)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Resumen del informe al donante"),
            "intro": _("Unas líneas sobre el periodo, en castellano y en inglés."),
            "back": project_url(project),
        },
    )


def project_url(project: Project) -> str:
    return reverse("project", args=[project.id])


@login_required
def project_new(request: AuthedHttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = organisation_for_staff(request.user, organisation_id)
    form = ProjectForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proyecto %(code)s creado.") % {"code": project.code})
            return redirect("project", project.id)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Nuevo proyecto"),
            "back": reverse("desk", args=[organisation.id]),
        },
    )


@login_required
def budget_line_new(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    access = project_access(request.user, project_id)
    access.require_staff()
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_add(project=access.project, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("project", access.project.id)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Nueva partida"), "back": project_url(access.project)},
    )


@login_required
def indicator_new(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """An indicator under a result (made if new), with periods of 6 or 12 months over the
    project's life, each with the indicator's target."""
    access = project_access(request.user, project_id)
    access.require_staff()
    project = access.project
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.indicator_with_result_add(
                project=project,
                result_title=d["result"],
                title=d["title"],
                kind=d["kind"],
                unit=d["unit"],
                baseline=d["baseline"],
                baseline_year=d["baseline_year"],
                target=d["target"],
                months=d["months"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("project", project.id)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Nuevo indicador"), "back": project_url(project)},
    )


@login_required
def manual_actual(
    request: AuthedHttpRequest, project_id: uuid.UUID, period_id: uuid.UUID
) -> HttpResponse:
    """Staff type the actual of a manual indicator's period (POST only)."""
    access = project_access(request.user, project_id)
    access.require_staff()
    period = get_object_or_404(
        IndicatorPeriod, id=period_id, indicator__result__project=access.project
    )
    form = ManualActualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_actual_set(period=period, value=form.cleaned_data["value"])
        except ValidationError as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Valor registrado a mano guardado."))
    elif request.method == "POST":
        messages.error(request, _("Escriba un número."))
    return redirect("project", access.project.id)


@login_required
def desk_refresh(request: AuthedHttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    """Rebuild the desk's monthly figures of the period shown (POST). At a thousand groups
    this takes a while; `minka desk_refresh` does the same from the command line."""
    organisation = organisation_for_staff(request.user, organisation_id)
    if request.method != "POST":
        return redirect("desk", organisation.id)
    today = timezone.localdate()
    period, _problem = period_from_query(request.POST, today=today)
    group_months_refresh(organisation=organisation, period=period, today=today)
    messages.success(request, _("Cifras recalculadas de los registros."))
    query = f"?from={period.first:%Y-%m}&to={period.last:%Y-%m}"
    return redirect(reverse("desk", args=[organisation.id]) + query)
