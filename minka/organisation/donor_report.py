"""The donor report of a project for a period: the same tables as PDF (fpdf2, with bar
charts drawn from its own rectangles and lines: no browser, no other library) and as an
Excel workbook with native charts (openpyxl). In Spanish or English (the caller activates
the language), with the summary staff wrote for the period.

Aggregates only: budget and spending of the project, and indicator actuals in total and
by technique and language, with no breakdown cell of fewer than MIN_CELL women, so no
member's name or money can be read from it.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minka.lib.money import format_amount
from minka.lib.pdf import Document
from minka.organisation.indicators import IndicatorRow, dimension_label, project_indicators
from minka.organisation.models import Project
from minka.organisation.selectors import Budget, project_budget

BREAKDOWNS = ("technique", "language")
BAR = (30, 107, 53)
TARGET = (155, 44, 44)


@dataclass(frozen=True)
class ReportData:
    project: Project
    first: date
    last: date
    summary: str
    in_period: Budget
    to_date: Budget
    results: list[tuple[object, list[IndicatorRow]]]


def report_data(project: Project, first: date, last: date) -> ReportData:
    summary = project.summaries.filter(starts_on=first, ends_on=last).first()
    text = ""
    if summary is not None:
        english = (get_language() or "es").startswith("en")
        text = (
            (summary.text_en if english else summary.text_es) or summary.text_es or summary.text_en
        )
    return ReportData(
        project=project,
        first=first,
        last=last,
        summary=text,
        in_period=project_budget(project, since=first, until=last),
        to_date=project_budget(project, until=last),
        results=project_indicators(project, first=first, last=last),
    )


def _text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,}"


def budget_rows(data: ReportData) -> list[list[str]]:
    rows = []
    for now, total in zip(data.in_period.lines, data.to_date.lines, strict=True):
        rows.append(
            [
                now.line.name,
                format_amount(total.budget),
                format_amount(now.spent),
                format_amount(total.spent),
                format_amount(total.left),
                _("Sobregirada") if total.over else "",
            ]
        )
    t = data.to_date
    rows.append(
        [
            _("Total"),
            format_amount(t.budget),
            format_amount(data.in_period.spent),
            format_amount(t.spent),
            format_amount(t.left),
            _("Sobregirado") if t.over else "",
        ]
    )
    return rows


def budget_heading() -> list[str]:
    return [
        _("Partida"),
        _("Presupuesto"),
        _("Gastado en el periodo"),
        _("Gastado a la fecha"),
        _("Saldo"),
        "",
    ]


def indicator_rows(data: ReportData) -> list[list[str]]:
    rows = []
    for result, indicators in data.results:
        for row in indicators:
            for pr in row.periods:
                rows.append(
                    [
                        str(result),
                        row.indicator.title,
                        row.unit,
                        _text(row.indicator.baseline),
                        f"{pr.period.starts_on:%d/%m/%Y} - {pr.period.ends_on:%d/%m/%Y}",
                        _text(pr.period.target),
                        _text(pr.actual.value),
                        _("registrado a mano") if pr.actual.manual else _("de los registros"),
                    ]
                )
    return rows


def indicator_heading() -> list[str]:
    return [
        _("Resultado"),
        _("Indicador"),
        _("Unidad"),
        _("Línea de base"),
        _("Periodo"),
        _("Meta"),
        _("Logrado"),
        _("Fuente"),
    ]


def breakdown_rows(data: ReportData, dimensions: tuple[str, ...]) -> list[list[str]]:
    rows = []
    for _result, indicators in data.results:
        for row in indicators:
            for pr in row.periods:
                for dimension, cells in pr.actual.shown_to_donor().items():
                    if dimension not in dimensions:
                        continue
                    for label, value, women in cells:
                        rows.append(
                            [
                                row.indicator.title,
                                f"{pr.period.starts_on:%Y-%m}",
                                dimension_label(dimension),
                                label,
                                _text(value),
                                str(women),
                            ]
                        )
    return rows


def progress(data: ReportData) -> list[tuple[str, Decimal]]:
    """Each indicator's latest actual in the period as a share of its target, in %."""
    out = []
    for _result, indicators in data.results:
        for row in indicators:
            done = [pr for pr in row.periods if pr.actual.value is not None]
            if not done or not done[-1].period.target:
                continue
            last = done[-1]
            assert last.actual.value is not None
            out.append(
                (
                    row.indicator.title,
                    (100 * last.actual.value / last.period.target).quantize(Decimal("1")),
                )
            )
    return out


# --- PDF --------------------------------------------------------------------------------------


def _table(doc: Document, heading: list[str], rows: list[list[str]], widths: list[float]) -> None:
    doc.text_font(8, bold=True)
    for text, width in zip(heading, widths, strict=True):
        doc.cell(width, 6, text, border="B")
    doc.ln()
    doc.text_font(8)
    for row in rows:
        if doc.get_y() > doc.h - 25:
            doc.add_page()
        for text, width in zip(row, widths, strict=True):
            doc.cell(width, 5, text[: int(width / 1.6)], border="B")
        doc.ln()
    doc.ln(3)


def _bars(doc: Document, title: str, bars: list[tuple[str, Decimal, Decimal | None]]) -> None:
    """Horizontal bars (value, and a thin red mark where its reference is)."""
    doc.text_font(10, bold=True)
    doc.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    top = max([v for _l, v, _r in bars] + [r for _l, _v, r in bars if r is not None] + [Decimal(1)])
    label_w, width = 60.0, doc.content_width - 80
    doc.text_font(7)
    for label, value, reference in bars:
        if doc.get_y() > doc.h - 25:
            doc.add_page()
        y = doc.get_y()
        doc.cell(label_w, 5, label[:38])
        x0 = doc.l_margin + label_w
        doc.set_fill_color(*BAR)
        doc.rect(x0, y + 1, float(max(value, Decimal(0)) / top) * width, 3, style="F")
        if reference is not None:
            doc.set_draw_color(*TARGET)
            xr = x0 + float(reference / top) * width
            doc.line(xr, y, xr, y + 5)
            doc.set_draw_color(0, 0, 0)
        doc.set_x(x0 + width + 2)
        doc.cell(18, 5, format_amount(value) if reference is not None else f"{value}%")
        doc.ln(5)
    doc.ln(3)


def build_pdf(data: ReportData) -> bytes:
    p = data.project
    doc = Document(title=p.title, lang=(get_language() or "es")[:2])
    doc.add_page()
    doc.text_font(15, bold=True)
    doc.multi_cell(
        0, 8, _("Informe al donante: %(title)s") % {"title": p.title}, new_x="LMARGIN", new_y="NEXT"
    )
    doc.text_font(9)
    doc.multi_cell(
        0,
        5,
        _(
            "%(org)s · proyecto %(code)s · periodo del %(first)s al %(last)s · "
            "moneda %(cur)s · %(n)d grupos"
        )
        % {
            "org": p.organisation.name,
            "code": p.code,
            "first": f"{data.first:%d/%m/%Y}",
            "last": f"{data.last:%d/%m/%Y}",
            "cur": p.currency,
            "n": p.groups.count(),
        },
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.rule()
    if data.summary:
        doc.text_font(11, bold=True)
        doc.cell(0, 7, _("Resumen"), new_x="LMARGIN", new_y="NEXT")
        doc.text_font(9)
        doc.multi_cell(0, 5, data.summary, new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)
    doc.text_font(11, bold=True)
    doc.cell(
        0,
        7,
        _("Presupuesto y gasto (%(cur)s)") % {"cur": p.currency},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _table(doc, budget_heading(), budget_rows(data), [52, 25, 28, 28, 25, 22])
    _bars(
        doc,
        _("Gastado a la fecha frente al presupuesto (línea roja)"),
        [(r.line.name, r.spent, r.budget) for r in data.to_date.lines],
    )
    doc.text_font(11, bold=True)
    doc.cell(0, 7, _("Resultados e indicadores"), new_x="LMARGIN", new_y="NEXT")
    _table(doc, indicator_heading(), indicator_rows(data), [30, 45, 12, 18, 30, 15, 15, 15])
    _bars(
        doc, _("Logrado como % de la meta del periodo"), [(t, v, None) for t, v in progress(data)]
    )
    rows = breakdown_rows(data, BREAKDOWNS)
    if rows:
        doc.text_font(11, bold=True)
        doc.cell(0, 7, _("Por técnica e idioma"), new_x="LMARGIN", new_y="NEXT")
        _table(
            doc,
            [_("Indicador"), _("Mes"), _("Desglose"), _("Valor"), _("Logrado"), _("Socias")],
            rows,
            [55, 15, 20, 45, 20, 15],
        )
    return doc.to_bytes()


# --- Excel ------------------------------------------------------------------------------------


def build_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("Resumen")[:31]
    p = data.project
    summary.append([_("Informe al donante: %(title)s") % {"title": p.title}])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([_("Periodo"), data.first, data.last])
    summary.append([_("Moneda"), p.currency])
    summary.append([_("Grupos"), p.groups.count()])
    summary.append([])
    summary.append([data.summary])

    sheet = book.create_sheet(_("Presupuesto")[:31])
    sheet.append(budget_heading()[:5])
    for now, total in zip(data.in_period.lines, data.to_date.lines, strict=True):
        sheet.append([now.line.name, total.budget, now.spent, total.spent, total.left])
    sheet.append(
        [
            _("Total"),
            data.to_date.budget,
            data.in_period.spent,
            data.to_date.spent,
            data.to_date.left,
        ]
    )
    n = len(data.to_date.lines)
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=5):
        for cell in row:
            cell.number_format = "#,##0.00"
    if n:
        chart = BarChart()
        chart.title = _("Presupuesto y gastado a la fecha")
        chart.add_data(
            Reference(sheet, min_col=2, max_col=2, min_row=1, max_row=n + 1), titles_from_data=True
        )
        chart.add_data(
            Reference(sheet, min_col=4, max_col=4, min_row=1, max_row=n + 1), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=n + 1))
        sheet.add_chart(chart, "H2")

    sheet = book.create_sheet(_("Indicadores")[:31])
    sheet.append(indicator_heading())
    for row in indicator_rows(data):
        sheet.append(row)
    done = progress(data)
    if done:
        start = sheet.max_row + 2
        sheet.cell(start, 1, _("Indicador"))
        sheet.cell(start, 2, _("Logrado como % de la meta del periodo"))
        for i, (title, value) in enumerate(done, start=1):
            sheet.cell(start + i, 1, title)
            sheet.cell(start + i, 2, int(value))
        chart = BarChart()
        chart.type = "bar"
        chart.title = _("Logrado como % de la meta del periodo")
        chart.add_data(
            Reference(sheet, min_col=2, min_row=start, max_row=start + len(done)),
            titles_from_data=True,
        )
        chart.set_categories(
            Reference(sheet, min_col=1, min_row=start + 1, max_row=start + len(done))
        )
        sheet.add_chart(chart, "J2")

    sheet = book.create_sheet(_("Desgloses")[:31])
    sheet.append([_("Indicador"), _("Mes"), _("Desglose"), _("Valor"), _("Logrado"), _("Socias")])
    for row in breakdown_rows(data, ("group", "community", "technique", "language")):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
