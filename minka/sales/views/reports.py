"""Sales reports, on screen and as CSV or Excel."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from minka.lib.http import AuthedHttpRequest, flash_form_errors
from minka.lib.spreadsheet import SafeCsvWriter
from minka.members.access import Can, group_access
from minka.sales import reports
from minka.sales.forms import (
    ReportForm,
)


@login_required
def report(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Sales by product, channel and month; money to makers and to the fund."""
    access = group_access(request.user, group_id)
    access.require(Can.VIEW_GROUP)
    form = ReportForm(request.GET)
    fmt = form.cleaned_data["format"] if form.is_valid() else ""
    flash_form_errors(request, form)
    rows = reports.sales_rows(access.group)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ventas.csv"'
        writer = SafeCsvWriter(response)
        writer.writerow(reports.headers())
        for row in rows:
            writer.writerow(row.as_list())
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            reports.xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="ventas.xlsx"'
        return response
    return render(
        request,
        "sales/report.html",
        {"access": access, "rows": rows, "totals": reports.totals(rows)},
    )
