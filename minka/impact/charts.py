"""Bar charts drawn on the server as inline SVG: no JavaScript, no library, no internet.

A chart is a few rectangles and text labels in a fixed viewBox that the CSS class
`svg.chart` scales to the page. It carries a <title> and a <desc> that lists every value,
so a screen reader reads the data; each bar has its own <title> as well.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minka.impact.indicators import MonthFigures
from minka.lib.money import format_amount, format_money

WIDTH = 720
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 64, 8, 24, 44
FONT = 12
TICKS = 4
CROWDED = 24  # more bars than this: no month names or values under and over them
INK, GRID = "#1f2328", "#d8dde3"
PIECES_FILL, MONEY_FILL = "#9b2c2c", "#1e6b35"
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar: "Mar"
    year: str  # under the label where a year starts ("2026"), else ""
    value: Decimal
    short: str  # above the bar when there is room: "12", "1,234.50"
    long: str  # in the bar's <title> and the <desc>: "marzo de 2026: 12 piezas"


def _n(value: Decimal) -> str:
    """A coordinate, to a tenth of a unit."""
    return str(value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


def nice_step(top: Decimal, whole: bool) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten) so that TICKS steps reach `top`."""
    if top <= 0:
        return Decimal(1)
    raw = top / TICKS
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(f * magnitude for f in (1, 2, 5, 10) if raw <= f * magnitude)
    return max(step, Decimal(1)) if whole else step


def _text_width(text: str) -> Decimal:
    """About how wide a text is drawn: 0.6 em a character."""
    return Decimal(len(text) * FONT) * Decimal("0.6")


def _tick_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def bar_chart(
    *, chart_id: str, title: str, desc: str, bars: Sequence[Bar], fill: str, whole: bool
) -> SafeString:
    """An accessible SVG bar chart, one bar (a <rect class="bar">) per entry of `bars`."""
    plot_w = Decimal(WIDTH - LEFT - RIGHT)
    plot_h = Decimal(HEIGHT - TOP - BOTTOM)
    base = Decimal(TOP) + plot_h
    step = nice_step(max((b.value for b in bars), default=Decimal(0)), whole)
    top = step * TICKS
    listing = "; ".join(b.long for b in bars)
    chart_id = escape(chart_id)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="{FONT}" font-family="system-ui, sans-serif" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)} {escape(listing)}</desc>',
    ]
    for i in range(TICKS + 1):
        tick = step * i
        y = _n(base - plot_h * i / TICKS)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
            f"{escape(_tick_text(tick))}</text>"
        )
    if bars:
        slot = plot_w / len(bars)
        width = slot * Decimal("0.7")
        crowded = len(bars) > CROWDED  # then only the years go under the bars
        years: list[tuple[Decimal, str]] = []
        for i, bar in enumerate(bars):
            x = Decimal(LEFT) + slot * i + (slot - width) / 2
            height = plot_h * bar.value / top if bar.value > 0 else Decimal(0)
            middle = _n(x + width / 2)
            parts.append(
                f'<rect class="bar" x="{_n(x)}" y="{_n(base - height)}" width="{_n(width)}" '
                f'height="{_n(height)}" fill="{fill}"><title>{escape(bar.long)}</title></rect>'
            )
            if not crowded and _text_width(bar.short) <= slot:
                parts.append(
                    f'<text x="{middle}" y="{_n(base - height - 4)}" text-anchor="middle">'
                    f"{escape(bar.short)}</text>"
                )
            if not crowded:
                parts.append(
                    f'<text x="{middle}" y="{_n(base + FONT + 4)}" text-anchor="middle">'
                    f"{escape(bar.label)}</text>"
                )
            if bar.year:
                years.append((x, bar.year))
        # A year that would run into the next one is left out (the next is a January).
        for (x, year), following in zip(years, [*years[1:], None], strict=True):
            if following is None or x + _text_width(year) + 4 <= following[0]:
                parts.append(
                    f'<text x="{_n(x)}" y="{base + 2 * FONT + 10}" font-weight="bold">'
                    f"{escape(year)}</text>"
                )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the markup is our own.
    return mark_safe("".join(parts))


def _bars(
    figures: Sequence[MonthFigures], values: list[Decimal], shorts: list[str], longs: list[str]
) -> list[Bar]:
    return [
        Bar(
            label=date_format(row.month, "M"),
            year=str(row.month.year) if i == 0 or row.month.month == 1 else "",
            value=value,
            short=short,
            long=f"{date_format(row.month, 'YEAR_MONTH_FORMAT')}: {long}",
        )
        for i, (row, value, short, long) in enumerate(
            zip(figures, values, shorts, longs, strict=True)
        )
    ]


def pieces_chart(figures: Sequence[MonthFigures]) -> SafeString:
    """Pieces accepted (grades A and B) per month."""
    counts = [row.pieces_accepted for row in figures]
    return bar_chart(
        chart_id="chart-pieces",
        title=_("Piezas aceptadas por mes"),
        desc=_("Piezas de grado A y B recibidas cada mes."),
        bars=_bars(
            figures,
            [Decimal(n) for n in counts],
            [str(n) for n in counts],
            [ngettext("%(n)d pieza", "%(n)d piezas", n) % {"n": n} for n in counts],
        ),
        fill=PIECES_FILL,
        whole=True,
    )


def paid_chart(figures: Sequence[MonthFigures]) -> SafeString:
    """Soles paid to members per month."""
    return bar_chart(
        chart_id="chart-paid",
        title=_("Pagado a las socias por mes (S/)"),
        desc=_("Pagos y adelantos a las socias cada mes, en soles, menos correcciones."),
        bars=_bars(
            figures,
            [row.paid for row in figures],
            [format_amount(row.paid) for row in figures],
            [format_money(row.paid) for row in figures],
        ),
        fill=MONEY_FILL,
        whole=False,
    )
