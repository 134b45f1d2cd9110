"""A project's indicators, computed from the records of its groups, never typed in.

Each kind gives, per period, either cells added up per member profile in the database
(profile_cells.py) or facts per member (member_facts.py: the reference, and the way of
the kinds the cells cannot give); a fact or a cell is a numerator and, for a rate, a
denominator. This module spreads them over the total and each breakdown (by group,
community, technique, language), so they always agree. A member with no technique in the
record counts under each technique she is skilled in, and under each language she speaks;
so breakdowns by technique or language may add up to more than the total, never the total
to more than the facts.

The definitions are those of the group pages (impact, learning, governance indicators):
accepted = A + B over A + B + rejected; money in soles, net of corrections; women trained
= distinct members at a session in the period; retention at 12 months as governance counts
it; leadership = active members who ever held a post; pieces paid fairly as rollup.py.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from minka.impact.indicators import Period, month_start
from minka.members.fairpay import fair_hourly_wage
from minka.organisation.member_facts import FEW, Fact, People, facts_for, people_of
from minka.organisation.member_rollup import analytic_settings
from minka.organisation.models import Indicator, IndicatorKind, IndicatorPeriod, Project
from minka.organisation.profile_cells import UNKNOWN, Cells, Kind, Place, cells_for

PERCENT_KINDS = {
    IndicatorKind.ACCEPTANCE,
    IndicatorKind.RETENTION,
    IndicatorKind.LEADERSHIP,
    IndicatorKind.FAIR_PAY,
}
RATIO_KINDS = {*PERCENT_KINDS, IndicatorKind.EARNINGS_PER_MONTH, IndicatorKind.TRAINING_HOURS}
MONEY_KINDS = {IndicatorKind.EARNINGS, IndicatorKind.EARNINGS_PER_MONTH, IndicatorKind.HOST_PAY}
MIN_CELL = 3  # fewest women in a breakdown row a donor is shown
DIMENSIONS = ("group", "community", "technique", "language")


def dimension_label(name: str) -> str:
    return {
        "group": _("Grupo"),
        "community": _("Comunidad"),
        "technique": _("Técnica"),
        "language": _("Idioma"),
    }[name]


def unit_of(indicator: Indicator) -> str:
    if indicator.unit:
        return indicator.unit
    if indicator.kind in PERCENT_KINDS:
        return "%"
    if indicator.kind in MONEY_KINDS:
        return "S/"
    return ""


def _value(kind: str, num: Decimal, den: Decimal) -> Decimal | None:
    if kind not in RATIO_KINDS:
        return num.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not den:
        return None
    scale = 100 if kind in PERCENT_KINDS else 1
    quantum = (
        Decimal("0.1")
        if kind in PERCENT_KINDS or kind == IndicatorKind.TRAINING_HOURS
        else Decimal("0.01")
    )
    return (num * scale / den).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Actual:
    value: Decimal | None  # None: nothing to measure in the period ("—")
    manual: bool  # typed by staff, not computed
    by: dict[str, list[tuple[str, Decimal | None, int]]]  # dimension -> [(label, value, women)]

    def shown_to_donor(self) -> dict[str, list[tuple[str, Decimal | None, int]]]:
        """The breakdowns without a cell of fewer than MIN_CELL women: a donor must not
        be able to single out one member's money or work."""
        return {d: [r for r in rows if r[2] >= MIN_CELL] for d, rows in self.by.items()}


def actual(kind: str, fact_list: list[Fact] | Cells, people: People | None) -> Actual:
    """The total and the breakdowns of a list of facts, or of the cells the database
    added up (profile_cells). A woman counts once in each row she belongs to (her group,
    her community, each of her languages; the technique of the record, or else each
    technique she is skilled in)."""
    zero = Decimal(0)
    technique: dict[str, list[Any]] = defaultdict(lambda: [zero, zero, 0])
    added = getattr(fact_list, "techniques", None)
    if added is not None:
        for name, (n, d, w) in added.items():
            technique[name or _("(sin técnica registrada)")] = [n, d, w]
    recorded = added is not None or (
        not isinstance(fact_list, Cells) and any(f.technique is not None for f in fact_list)
    )
    if isinstance(fact_list, Cells):
        places, kinds = fact_list.places, fact_list.kinds
    else:
        places, kinds = _places_and_kinds(fact_list, people, technique, recorded, added)
    num, den = zero, zero
    for n, d, _w in places.values():
        num += n
        den += d
    rows: dict[str, dict[str, list[Any]]] = {
        d: defaultdict(lambda: [zero, zero, 0]) for d in ("group", "community", "language")
    }
    for (group, community), (n, d, w) in places.items():
        for cell in (rows["group"][group], rows["community"][community]):
            cell[0] += n
            cell[1] += d
            cell[2] += w
    none = (_("(sin técnica registrada)"),)
    for (languages, skills), (n, d, w) in kinds.items():
        cells = [rows["language"][k] for k in languages]
        if not recorded:
            cells += [technique[k] for k in skills or none]
        for cell in cells:
            cell[0] += n
            cell[1] += d
            cell[2] += w
    rows["technique"] = technique
    by = {
        d: [(k, _value(kind, n, dd), w) for k, (n, dd, w) in sorted(rows[d].items())]
        for d in DIMENSIONS
    }
    return Actual(value=_value(kind, num, den), manual=False, by=by)


def _places_and_kinds(
    fact_list: list[Fact],
    people: People | None,
    technique: dict[str, list[Any]],
    recorded: bool,
    added: Any,
) -> tuple[dict[Place, list[Any]], dict[Kind, list[Any]]]:
    """The facts added up per place and per kind of woman, as the database adds up the
    cells. Every kind gives at most one fact per member (facts_for), except the
    technique rows of records read one by one: added up per member first (and into
    `technique`)."""
    zero = Decimal(0)
    facts: Any = fact_list
    if recorded and added is None:
        member: dict[uuid.UUID, list[Decimal]] = {}
        for f in fact_list:
            sums = member.setdefault(f.member, [zero, zero])
            sums[0] += f.num
            sums[1] += f.den
            t = technique[f.technique or _("(sin técnica registrada)")]
            t[0] += f.num
            t[1] += f.den
            t[2] += 1  # (member, technique) pairs are unique in the records
        facts = [Fact(m, None, n, d) for m, (n, d) in member.items()]
    profile_of = people.profile if people is not None else {}
    places: dict[Place, list[Any]] = {}
    kinds: dict[Kind, list[Any]] = {}
    for f in facts:
        group, community, languages, skills = profile_of.get(f.member.int, UNKNOWN)
        for cell in (
            places.setdefault((group, community), [zero, zero, 0]),
            kinds.setdefault((languages, skills), [zero, zero, 0]),
        ):
            cell[0] += f.num
            cell[1] += f.den
            cell[2] += 1
    return places, kinds


@dataclass(frozen=True)
class PeriodRow:
    period: IndicatorPeriod
    actual: Actual


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    unit: str
    periods: list[PeriodRow]


def project_indicators(
    project: Project,
    *,
    first: date | None = None,
    last: date | None = None,
    by_member: bool = False,
) -> list[tuple[Any, list[IndicatorRow]]]:
    """[(result, [IndicatorRow])] with each period's actual; only the periods that overlap
    [first, last] when given. Each kind is added up per profile in the database
    (profile_cells), at most one or two queries for all its periods; the kinds it cannot
    give, and every kind with `by_member` (the reference the tests compare it with), from
    the facts per member. Under member_rollup.analytic_settings (no JIT compiler)."""
    with analytic_settings():
        return _project_indicators(project, first=first, last=last, by_member=by_member)


def _project_indicators(
    project: Project,
    *,
    first: date | None = None,
    last: date | None = None,
    by_member: bool = False,
) -> list[tuple[Any, list[IndicatorRow]]]:
    groups = project.groups.all()
    everyone: list[People] = []

    def people() -> People:
        if not everyone:
            everyone.append(people_of(groups))
        return everyone[0]

    wage = fair_hourly_wage(project.organisation)
    cache: dict[Any, Any] = {}
    out = []
    results = list(project.results.prefetch_related("indicators__periods"))
    kinds = frozenset(i.kind for r in results for i in r.indicators.all() if not i.is_manual)
    for result in results:
        rows = []
        for indicator in result.indicators.all():
            chosen = [
                ip
                for ip in indicator.periods.all()
                if not (first and ip.ends_on < first) and not (last and ip.starts_on > last)
            ]
            if indicator.is_manual:
                actuals = [Actual(value=ip.manual_actual, manual=True, by={}) for ip in chosen]
            elif chosen:
                spans = [
                    Period(month_start(ip.starts_on), month_start(ip.ends_on)) for ip in chosen
                ]
                cells = (
                    None
                    if by_member
                    else cells_for(indicator.kind, groups, spans, wage, cache, kinds)
                )
                if cells is not None:
                    actuals = [actual(indicator.kind, c, None) for c in cells]
                elif by_member:
                    facts = facts_for(indicator.kind, groups, spans, people(), wage, cache)
                    actuals = [actual(indicator.kind, f, people()) for f in facts]
                else:  # tourism, or pieces from the records: the facts need no People
                    facts = facts_for(indicator.kind, groups, spans, People(), wage, cache)
                    women = {f.member for f_list in facts for f in f_list}
                    some = people_of(groups, women) if len(women) <= FEW else people()
                    actuals = [actual(indicator.kind, f, some) for f in facts]
            else:
                actuals = []
            periods = [PeriodRow(ip, a) for ip, a in zip(chosen, actuals, strict=True)]
            rows.append(IndicatorRow(indicator, unit_of(indicator), periods))
        out.append((result, rows))
    return out
