"""Impact pages: the group's indicators month by month, as a page and as CSV.

Views authorise, read the period asked for, compute, render.
"""

import io
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from minka.governance import indicators as governance_indicators
from minka.impact import charts
from minka.impact.forms import PeriodForm
from minka.impact.indicators import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    monthly_indicators,
    write_csv,
)
from minka.learning import indicators as learning_indicators
from minka.lib.spreadsheet import SafeCsvWriter
from minka.members.access import Can, group_access
from minka.sales.indicators import member_income_by_month
from minka.tourism.indicators import tourism_by_month


@login_required
def impact(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    form = PeriodForm(request.GET, today=timezone.localdate())
    form.is_valid()
    period, problem = form.period, form.problem
    figures = monthly_indicators(access.group, period)
    today = timezone.localdate()
    return render(
        request,
        "impact/impact.html",
        {
            **learning_indicators.impact_context(access.group, period.first, period.end),
            **governance_indicators.impact_context(access.group, period.first, period.end, today),
            "income": member_income_by_month(access.group, first=period.first, last=period.end),
            "tourism": tourism_by_month(access.group, first=period.first, last=period.end),
            "access": access,
            "period": period,
            "problem": problem,
            "figures": figures,
            "pieces_chart": charts.pieces_chart(figures),
            "paid_chart": charts.paid_chart(figures),
            "default_months": DEFAULT_MONTHS,
            "max_months": MAX_MONTHS,
        },
    )


@login_required
def impact_csv(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The page's table as CSV; a wrong period gives the default one, as on the page."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    form = PeriodForm(request.GET, today=timezone.localdate())
    form.is_valid()  # a wrong period gives the default one, as on the page
    period = form.period
    out = io.StringIO()
    write_csv(out, access.group, monthly_indicators(access.group, period))
    code = "".join(c for c in access.group.code if c.isascii() and c.isalnum())
    name = f"indicadores-{code}-{period.first:%Y-%m}-a-{period.last:%Y-%m}.csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def impact_people_csv(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Trainings, meeting participation, leadership and retention as CSV: counts only,
    never a name (sensitive trainings are in their topic's count like any other)."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    form.is_valid()  # a wrong period gives the default one, as on the page
    period = form.period
    group = access.group
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeCsvWriter(out)
    writer.writerows(
        learning_indicators.csv_rows(
            learning_indicators.training_figures(group, period.first, period.end)
        )
    )
    writer.writerow([])
    people = governance_indicators.impact_context(group, period.first, period.end, today)
    writer.writerows(
        governance_indicators.csv_rows(
            participation=people["participation"],  # type: ignore[arg-type]  # impact_context returns a dict of mixed values
            leadership=people["leadership"],  # type: ignore[arg-type]  # impact_context returns a dict of mixed values
            retention=people["retention"],  # type: ignore[arg-type]  # impact_context returns a dict of mixed values
        )
    )
    code = "".join(c for c in group.code if c.isascii() and c.isalnum())
    name = f"personas-{code}-{period.first:%Y-%m}-a-{period.last:%Y-%m}.csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
