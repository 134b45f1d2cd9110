"""A project's indicators, computed from the records of its groups, never typed in.

Each kind is one grouped query over the project's groups that yields facts per member
(and per technique where the record has one: a graded piece has its design's technique);
a fact is a numerator and, for a rate, a denominator. The total and each breakdown
(by group, community, technique, language) add the facts up, so they always agree. A
member with no technique in the record counts under each technique she is skilled in, and
under each language she speaks; so breakdowns by technique or language may add up to more
than the total, never the total to more than the facts.

The definitions are those of the group pages (impact, learning, governance indicators):
accepted = A + B over A + B + rejected; money in soles, net of corrections; women trained
= distinct members at a session in the period; retention at 12 months as governance counts
it; leadership = active members who ever held a post; pieces paid fairly as rollup.py.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from minka.governance.models import PostHolding
from minka.impact.indicators import ACCEPTED_GRADES, CURRENCY, FINAL_GRADES, Period, month_start
from minka.learning.models import Attendance
from minka.ledger.models import EntryKind, LedgerEntry
from minka.members.fairpay import fair_hourly_wage
from minka.members.models import Group, Language, Member, MemberStatus, Skill
from minka.organisation.models import Indicator, IndicatorKind, IndicatorPeriod, Project
from minka.organisation.overview import RETENTION_SPAN
from minka.organisation.rollup import EARNED_KINDS, fair_margin
from minka.production.models import Grade, QualityCheck

ONE = Decimal(1)
PERCENT_KINDS = {
    IndicatorKind.ACCEPTANCE,
    IndicatorKind.RETENTION,
    IndicatorKind.LEADERSHIP,
    IndicatorKind.FAIR_PAY,
}
RATIO_KINDS = {*PERCENT_KINDS, IndicatorKind.EARNINGS_PER_MONTH, IndicatorKind.TRAINING_HOURS}
MONEY_KINDS = {IndicatorKind.EARNINGS, IndicatorKind.EARNINGS_PER_MONTH}
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


@dataclass(frozen=True)
class Fact:
    member: uuid.UUID
    technique: str | None  # from the record, when it has one
    num: Decimal
    den: Decimal = ONE


@dataclass
class People:
    """What the breakdowns need to know of each member of the project's groups."""

    group: dict[uuid.UUID, str] = field(default_factory=dict)
    community: dict[uuid.UUID, str] = field(default_factory=dict)
    languages: dict[uuid.UUID, list[str]] = field(default_factory=dict)
    skills: dict[uuid.UUID, list[str]] = field(default_factory=lambda: defaultdict(list))
    rows: list[dict[str, Any]] = field(default_factory=list)


def people_of(groups: QuerySet[Group]) -> People:
    people = People()
    names = {c: str(label) for c, label in Language.choices}
    for r in Member.objects.filter(group__in=groups).values(
        "id", "group__name", "community", "languages", "status", "joined_on", "left_on"
    ):
        people.group[r["id"]] = r["group__name"]
        people.community[r["id"]] = r["community"] or _("(sin comunidad)")
        people.languages[r["id"]] = [names.get(c, c) for c in r["languages"] or []] or [
            _("(sin idioma registrado)")
        ]
        people.rows.append(r)
    for member_id, technique in Skill.objects.filter(member__group__in=groups).values_list(
        "member_id", "technique__name"
    ):
        people.skills[member_id].append(technique)
    return people


def _active_by(people: People, last: date) -> list[uuid.UUID]:
    return [
        r["id"]
        for r in people.rows
        if r["status"] == MemberStatus.ACTIVE and r["joined_on"] <= last
    ]


def _pieces(groups: QuerySet[Group], period: Period, wage: Decimal) -> list[dict[str, Any]]:
    product = "delivery__allocation__line__product__"
    return list(
        QualityCheck.objects.filter(
            delivery__allocation__line__order__group__in=groups,
            delivery__received_on__range=(period.first, period.end),
        )
        .alias(
            margin_a=fair_margin(product, "rate_a", wage),
            margin_b=fair_margin(product, "rate_b", wage),
        )
        .annotate(
            member=F("delivery__allocation__member_id"),
            technique=F(f"{product}technique__name"),
        )
        .order_by()
        .values("member", "technique")
        .annotate(
            accepted=Sum("quantity", filter=Q(grade__in=ACCEPTED_GRADES)),
            graded=Sum("quantity", filter=Q(grade__in=FINAL_GRADES)),
            fair=Sum(
                "quantity",
                filter=Q(grade=Grade.A, margin_a__gte=0) | Q(grade=Grade.B, margin_b__gte=0),
            ),
        )
    )


def _earnings(groups: QuerySet[Group], period: Period) -> dict[uuid.UUID, Decimal]:
    rows = (
        LedgerEntry.objects.filter(group__in=groups, currency=CURRENCY)
        .filter(
            Q(kind__in=EARNED_KINDS) | Q(kind=EntryKind.REVERSAL, reverses__kind__in=EARNED_KINDS)
        )
        .annotate(base_date=Coalesce(F("reverses__entry_date"), F("entry_date")))
        .filter(base_date__gte=period.first, base_date__lte=period.end)
        .order_by()
        .values("member_id")
        .annotate(total=Sum("amount"))
    )
    return {r["member_id"]: Decimal(r["total"] or 0) for r in rows}


def facts(
    kind: str, groups: QuerySet[Group], period: Period, people: People, wage: Decimal
) -> list[Fact]:
    """The facts of one computed kind for the period (one or two queries)."""
    last = period.end
    if kind == IndicatorKind.ACTIVE_MEMBERS:
        return [Fact(m, None, ONE) for m in _active_by(people, last)]
    if kind in (IndicatorKind.EARNINGS, IndicatorKind.EARNINGS_PER_MONTH):
        earned = _earnings(groups, period)
        if kind == IndicatorKind.EARNINGS:
            return [Fact(m, None, v) for m, v in earned.items()]
        months = Decimal(period.count)
        return [Fact(m, None, earned.get(m, Decimal(0)), months) for m in _active_by(people, last)]
    if kind in (IndicatorKind.WOMEN_TRAINED, IndicatorKind.TRAINING_HOURS):
        rows = (
            Attendance.objects.filter(
                member__isnull=False,
                session__training__group__in=groups,
                session__held_on__range=(period.first, last),
            )
            .order_by()
            .values("member_id")
            .annotate(hours=Sum("session__hours"), n=Count("id"))
        )
        hours = {r["member_id"]: Decimal(r["hours"] or 0) for r in rows}
        if kind == IndicatorKind.WOMEN_TRAINED:
            return [Fact(m, None, ONE) for m in hours]
        return [Fact(m, None, hours.get(m, Decimal(0))) for m in _active_by(people, last)]
    if kind in (IndicatorKind.PIECES_ACCEPTED, IndicatorKind.ACCEPTANCE, IndicatorKind.FAIR_PAY):
        out = []
        for r in _pieces(groups, period, wage):
            accepted, graded, fair = (Decimal(r[k] or 0) for k in ("accepted", "graded", "fair"))
            if kind == IndicatorKind.PIECES_ACCEPTED:
                out.append(Fact(r["member"], r["technique"], accepted))
            elif kind == IndicatorKind.ACCEPTANCE and graded:
                out.append(Fact(r["member"], r["technique"], accepted, graded))
            elif kind == IndicatorKind.FAIR_PAY and accepted:
                out.append(Fact(r["member"], r["technique"], fair, accepted))
        return out
    if kind == IndicatorKind.RETENTION:
        cutoff = last - RETENTION_SPAN
        return [
            Fact(
                r["id"],
                None,
                ONE
                if r["status"] != MemberStatus.LEFT
                or (r["left_on"] is not None and r["left_on"] >= r["joined_on"] + RETENTION_SPAN)
                else Decimal(0),
            )
            for r in people.rows
            if r["joined_on"] <= cutoff
        ]
    if kind == IndicatorKind.LEADERSHIP:
        leaders = set(
            PostHolding.objects.filter(
                term__group__in=groups, term__starts_on__lte=last
            ).values_list("member_id", flat=True)
        )
        return [
            Fact(m, None, ONE if m in leaders else Decimal(0)) for m in _active_by(people, last)
        ]
    raise ValueError(f"not a computed kind: {kind}")


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


def _keys(dimension: str, fact: Fact, people: People) -> Iterable[str]:
    if dimension == "group":
        return [people.group.get(fact.member, "?")]
    if dimension == "community":
        return [people.community.get(fact.member, "?")]
    if dimension == "language":
        return people.languages.get(fact.member, [])
    if fact.technique is not None:
        return [fact.technique]
    return people.skills.get(fact.member) or [_("(sin técnica registrada)")]


@dataclass(frozen=True)
class Actual:
    value: Decimal | None  # None: nothing to measure in the period ("—")
    manual: bool  # typed by staff, not computed
    by: dict[str, list[tuple[str, Decimal | None, int]]]  # dimension -> [(label, value, women)]

    def shown_to_donor(self) -> dict[str, list[tuple[str, Decimal | None, int]]]:
        """The breakdowns without a cell of fewer than MIN_CELL women: a donor must not
        be able to single out one member's money or work."""
        return {d: [r for r in rows if r[2] >= MIN_CELL] for d, rows in self.by.items()}


def actual(kind: str, fact_list: list[Fact], people: People) -> Actual:
    num = sum((f.num for f in fact_list), Decimal(0))
    den = sum((f.den for f in fact_list), Decimal(0))
    by: dict[str, list[tuple[str, Decimal | None, int]]] = {}
    for dimension in DIMENSIONS:
        sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        women: dict[str, set[uuid.UUID]] = defaultdict(set)
        for f in fact_list:
            for key in _keys(dimension, f, people):
                sums[key][0] += f.num
                sums[key][1] += f.den
                women[key].add(f.member)
        by[dimension] = [
            (k, _value(kind, n, d), len(women[k])) for k, (n, d) in sorted(sums.items())
        ]
    return Actual(value=_value(kind, num, den), manual=False, by=by)


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
    project: Project, *, first: date | None = None, last: date | None = None
) -> list[tuple[Any, list[IndicatorRow]]]:
    """[(result, [IndicatorRow])] with each period's actual; only the periods that overlap
    [first, last] when given. One people query, then one or two per computed period."""
    groups = project.groups.all()
    people = people_of(groups)
    wage = fair_hourly_wage(project.organisation)
    out = []
    for result in project.results.prefetch_related("indicators__periods"):
        rows = []
        for indicator in result.indicators.all():
            periods = []
            for ip in indicator.periods.all():
                if (first and ip.ends_on < first) or (last and ip.starts_on > last):
                    continue
                if indicator.is_manual:
                    a = Actual(value=ip.manual_actual, manual=True, by={})
                else:
                    span = Period(month_start(ip.starts_on), month_start(ip.ends_on))
                    a = actual(
                        indicator.kind, facts(indicator.kind, groups, span, people, wage), people
                    )
                periods.append(PeriodRow(ip, a))
            rows.append(IndicatorRow(indicator, unit_of(indicator), periods))
        out.append((result, rows))
    return out
