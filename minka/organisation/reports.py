"""Downloads of a project: its IATI activity file and the donor report (PDF, Excel).
Staff of the organisation and the project's donors may download them."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minka.lib.http import AuthedHttpRequest
from minka.organisation.access import project_access
from minka.organisation.donor_report import build_pdf, build_xlsx, report_data
from minka.organisation.forms import ReportPeriodForm
from minka.organisation.iati import activity_xml
from minka.organisation.models import Project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _safe(code: str) -> str:
    return "".join(c for c in code if c.isascii() and c.isalnum()) or "proyecto"


@login_required
def iati_xml(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = project_access(request.user, project_id).project
    body = activity_xml(project, today=timezone.localdate())
    return _download(body, "application/xml", f"iati-{_safe(project.code)}.xml")


def _report(request: AuthedHttpRequest, project: Project, kind: str) -> HttpResponse:
    form = ReportPeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Indique el periodo del informe como ?start=AAAA-MM-DD&end=AAAA-MM-DD.")
        )
    first, last = form.cleaned_data["start"], form.cleaned_data["end"]
    lang = form.cleaned_data.get("lang") or translation.get_language() or "es"
    with translation.override(lang):
        data = report_data(project, first, last)
        name = f"informe-{_safe(project.code)}-{first:%Y-%m}-{last:%Y-%m}-{lang[:2]}"
        if kind == "pdf":
            return _download(build_pdf(data), "application/pdf", f"{name}.pdf")
        return _download(build_xlsx(data), XLSX, f"{name}.xlsx")


@login_required
def report_pdf(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    return _report(request, project_access(request.user, project_id).project, "pdf")


@login_required
def report_xlsx(request: AuthedHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    return _report(request, project_access(request.user, project_id).project, "xlsx")
