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
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from minka.governance.models import PostHolding
from minka.impact.indicators import CURRENCY, Period, month_start
from minka.learning.models import Attendance
from minka.ledger.models import EntryKind, LedgerEntry
from minka.members.fairpay import fair_hourly_wage
from minka.members.models import Group, Language, Member, MemberStatus, Skill
from minka.organisation.member_rollup import pieces_by_period
from minka.organisation.models import Indicator, IndicatorKind, IndicatorPeriod, Project
from minka.organisation.profile_cells import UNKNOWN, Cells, Profile, cells_for
from minka.organisation.rollup import EARNED_KINDS, RETENTION_SPAN
from minka.organisation.tourism_facts import TOURISM_KINDS, tourism_facts

ONE = Decimal(1)
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


class FactList(list["Fact"]):
    """Facts per member, with the breakdown by technique already added up from the
    records ({technique: [num, den, women]}), for the kinds whose record has one."""

    techniques: dict[str | None, list[Any]] | None = None


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
    rows: list[Any] = field(default_factory=list)
    profile: dict[int, "Profile"] = field(default_factory=dict)  # by the id's .int


# (group, community, languages, skills): what places a member in the breakdowns.


FEW = 5000  # facts of at most this many women: read only their profiles


def people_of(groups: QuerySet[Group], only: set[uuid.UUID] | None = None) -> People:
    """The members of `groups` (only those in `only`, when given)."""
    people = People()
    names = {c: str(label) for c, label in Language.choices}
    members = Member.objects.filter(group__in=groups)
    skills = Skill.objects.filter(member__group__in=groups)
    if only is not None:
        members, skills = members.filter(id__in=only), skills.filter(member_id__in=only)
    for r in members.values(
        "id", "group__name", "community", "languages", "status", "joined_on", "left_on"
    ):
        people.group[r["id"]] = r["group__name"]
        people.community[r["id"]] = r["community"] or _("(sin comunidad)")
        people.languages[r["id"]] = [names.get(c, c) for c in r["languages"] or []] or [
            _("(sin idioma registrado)")
        ]
        people.rows.append(r)
    for member_id, technique in skills.values_list("member_id", "technique__name"):
        people.skills[member_id].append(technique)
    for m, group in people.group.items():
        people.profile[m.int] = (
            group,
            people.community[m],
            tuple(people.languages[m]),
            tuple(people.skills.get(m, ())),
        )
    return people


def _active_by(people: People, last: date) -> list[uuid.UUID]:
    return [
        r["id"]
        for r in people.rows
        if r["status"] == MemberStatus.ACTIVE and r["joined_on"] <= last
    ]


def _span(periods: list[Period]) -> tuple[date, date]:
    return min(p.first for p in periods), max(p.end for p in periods)


def _earnings(groups: QuerySet[Group], periods: list[Period]) -> list[dict[uuid.UUID, Decimal]]:
    """Each member's net earnings in soles, per period; a correction counts in the period
    of the entry it corrects. Two queries: the entries, then the few corrections (joining
    every entry to the one it reverses made the database hash the whole ledger)."""
    first, last = _span(periods)
    entries = LedgerEntry.objects.filter(group__in=groups, currency=CURRENCY).order_by()
    plain = entries.filter(kind__in=EARNED_KINDS, entry_date__range=(first, last)).values(
        "member_id"
    )
    fixes = entries.filter(
        kind=EntryKind.REVERSAL,
        reverses__kind__in=EARNED_KINDS,
        reverses__entry_date__range=(first, last),
    ).values("member_id")
    out: list[dict[uuid.UUID, Decimal]] = [defaultdict(Decimal) for _p in periods]
    for rows, day in ((plain, "entry_date"), (fixes, "reverses__entry_date")):
        columns = {
            f"e{i}": Sum("amount", filter=Q(**{f"{day}__range": (p.first, p.end)}))
            for i, p in enumerate(periods)
        }
        for r in rows.annotate(**columns):
            for i in range(len(periods)):
                if r[f"e{i}"] is not None:
                    out[i][r["member_id"]] += Decimal(r[f"e{i}"])
    return [dict(e) for e in out]


def _training(groups: QuerySet[Group], periods: list[Period]) -> list[dict[uuid.UUID, Decimal]]:
    """Each trained member's hours of training, per period: one pass over attendance."""
    first, last = _span(periods)
    columns = {
        f"h{i}": Sum("session__hours", filter=Q(session__held_on__range=(p.first, p.end)))
        for i, p in enumerate(periods)
    }
    rows = list(
        Attendance.objects.filter(
            member__isnull=False,
            session__training__group__in=groups,
            session__held_on__range=(first, last),
        )
        .order_by()
        .values("member_id")
        .annotate(**columns)
    )
    return [
        {r["member_id"]: Decimal(r[f"h{i}"]) for r in rows if r[f"h{i}"] is not None}
        for i in range(len(periods))
    ]


def facts_for(
    kind: str,
    groups: QuerySet[Group],
    periods: list[Period],
    people: People,
    wage: Decimal,
    cache: dict[Any, Any] | None = None,
) -> list[list[Fact]]:
    """The facts of one computed kind for each period: at most one query, whatever the
    number of periods; none when `cache` already holds the rows for these periods (the
    kinds that read the same records share them)."""
    cache = {} if cache is None else cache

    def rows(name: str, read: Any) -> Any:
        key = (name, tuple((p.first, p.last) for p in periods))
        if key not in cache:
            cache[key] = read()
        return cache[key]

    zero = Decimal(0)
    if kind == IndicatorKind.ACTIVE_MEMBERS:
        return [[Fact(m, None, ONE) for m in _active_by(people, p.end)] for p in periods]
    if kind in (IndicatorKind.EARNINGS, IndicatorKind.EARNINGS_PER_MONTH):
        earned = rows("earnings", lambda: _earnings(groups, periods))
        if kind == IndicatorKind.EARNINGS:
            return [[Fact(m, None, v) for m, v in e.items()] for e in earned]
        return [
            [Fact(m, None, e.get(m, zero), Decimal(p.count)) for m in _active_by(people, p.end)]
            for p, e in zip(periods, earned, strict=True)
        ]
    if kind in (IndicatorKind.WOMEN_TRAINED, IndicatorKind.TRAINING_HOURS):
        trained = rows("training", lambda: _training(groups, periods))
        if kind == IndicatorKind.WOMEN_TRAINED:
            return [[Fact(m, None, ONE) for m in t] for t in trained]
        return [
            [Fact(m, None, t.get(m, zero)) for m in _active_by(people, p.end)]
            for p, t in zip(periods, trained, strict=True)
        ]
    if kind in (IndicatorKind.PIECES_ACCEPTED, IndicatorKind.ACCEPTANCE, IndicatorKind.FAIR_PAY):
        pieces = rows("pieces", lambda: pieces_by_period(groups, periods, wage))
        out: list[list[Fact]] = []
        # (num, den, women) from (accepted, graded, fair, women accepted, women graded)
        pick = {
            IndicatorKind.PIECES_ACCEPTED: (0, None, 3),
            IndicatorKind.ACCEPTANCE: (0, 1, 4),
            IndicatorKind.FAIR_PAY: (2, 0, 3),
        }[IndicatorKind(kind)]
        num_at, den_at, women_at = pick
        counted = 1 if den_at == 1 else 0  # a member counts if she had any piece graded
        for members, techniques in pieces:
            facts = FactList(
                Fact(m, None, Decimal(v[num_at]), ONE if den_at is None else Decimal(v[den_at]))
                for m, v in members.items()
                if v[counted]
            )
            facts.techniques = {
                t: [
                    Decimal(v[num_at]),
                    ONE if den_at is None else Decimal(v[den_at]),
                    v[women_at],
                ]
                for t, v in techniques.items()
                if v[women_at]
            }
            out.append(facts)
        return out
    if kind == IndicatorKind.RETENTION:
        kept = {
            r["id"]: ONE
            if r["status"] != MemberStatus.LEFT
            or (r["left_on"] is not None and r["left_on"] >= r["joined_on"] + RETENTION_SPAN)
            else zero
            for r in people.rows
        }
        out = []
        for p in periods:
            cut = p.end - RETENTION_SPAN
            out.append(
                [Fact(r["id"], None, kept[r["id"]]) for r in people.rows if r["joined_on"] <= cut]
            )
        return out
    if kind == IndicatorKind.LEADERSHIP:
        held = list(
            PostHolding.objects.filter(term__group__in=groups).values_list(
                "member_id", "term__starts_on"
            )
        )
        out = []
        for p in periods:
            leaders = {m for m, starts in held if starts <= p.end}
            out.append(
                [Fact(m, None, ONE if m in leaders else zero) for m in _active_by(people, p.end)]
            )
        return out
    if kind in TOURISM_KINDS:
        return [
            [Fact(m, None, v) for m, v in p] for p in tourism_facts(kind, groups, periods, rows)
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
    added up per profile (profile_cells). A woman counts once in each row she belongs to
    (her group, her community, each of her languages; the technique of the record, or
    else each technique she is skilled in)."""
    zero = Decimal(0)
    technique: dict[str, list[Any]] = defaultdict(lambda: [zero, zero, 0])
    added = getattr(fact_list, "techniques", None)
    if added is not None:
        for name, (n, d, w) in added.items():
            technique[name or _("(sin técnica registrada)")] = [n, d, w]
    recorded = added is not None or (
        not isinstance(fact_list, Cells) and any(f.technique is not None for f in fact_list)
    )
    num, den = zero, zero
    # Members who share a profile (group, community, languages, skills) are added up
    # first: a few thousand profiles instead of a hundred thousand members to spread.
    # Every kind gives at most one fact per member (facts_for), except the technique
    # rows of records read one by one, which are added up per member first.
    facts: Any = fact_list
    profiles: dict[Profile, list[Any]] = {}
    if isinstance(fact_list, Cells):
        profiles, facts = fact_list, ()
        for n, d, _w in profiles.values():
            num += n
            den += d
    elif recorded and added is None:
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
    for f in facts:
        n, d = f.num, f.den
        num += n
        den += d
        key = profile_of.get(f.member.int, UNKNOWN)
        cell = profiles.get(key)
        if cell is None:
            profiles[key] = [n, d, 1]
        else:
            cell[0] += n
            cell[1] += d
            cell[2] += 1
    rows: dict[str, dict[str, list[Any]]] = {
        d: defaultdict(lambda: [zero, zero, 0]) for d in ("group", "community", "language")
    }
    none = (_("(sin técnica registrada)"),)
    for (group, community, languages, skills), (n, d, w) in profiles.items():
        if not recorded:
            for k in skills or none:
                t = technique[k]
                t[0] += n
                t[1] += d
                t[2] += w
        for dimension, labels in (
            ("group", (group,)),
            ("community", (community,)),
            ("language", languages),
        ):
            for label in labels:
                cell = rows[dimension][label]
                cell[0] += n
                cell[1] += d
                cell[2] += w
    rows["technique"] = technique
    by = {
        d: [(k, _value(kind, n, dd), w) for k, (n, dd, w) in sorted(rows[d].items())]
        for d in DIMENSIONS
    }
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
    the facts per member."""
    groups = project.groups.all()
    everyone: list[People] = []

    def people() -> People:
        if not everyone:
            everyone.append(people_of(groups))
        return everyone[0]

    wage = fair_hourly_wage(project.organisation)
    cache: dict[Any, Any] = {}
    out = []
    for result in project.results.prefetch_related("indicators__periods"):
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
                cells = None if by_member else cells_for(indicator.kind, groups, spans, wage, cache)
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
