"""A project's indicators as facts per member: the reference way (`project_indicators(...,
by_member=True)`), which the per-profile cells of profile_cells.py are tested against, and
the way of the kinds those cells cannot give (tourism, and pieces the rollup does not cover).

Each kind is one grouped query over the project's groups that yields facts per member
(and per technique where the record has one: a graded piece has its design's technique);
a fact is a numerator and, for a rate, a denominator.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minka.governance.models import PostHolding
from minka.impact.indicators import Period
from minka.members.models import Group, Language, Member, MemberStatus, Skill
from minka.organisation.member_queries import earning_rows, training_rows
from minka.organisation.member_rollup import pieces_by_period
from minka.organisation.models import IndicatorKind
from minka.organisation.profile_cells import Profile
from minka.organisation.rollup import RETENTION_SPAN
from minka.organisation.tourism_facts import TOURISM_KINDS, tourism_facts

ONE = Decimal(1)


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
    # (group, community, languages, skills): what places a member in the breakdowns.
    profile: dict[int, Profile] = field(default_factory=dict)  # by the id's .int


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


def _earnings(groups: QuerySet[Group], periods: list[Period]) -> list[dict[uuid.UUID, Decimal]]:
    """Each member's net earnings in soles, per period; a correction counts in the period
    of the entry it corrects (profile_cells.earning_rows: the entries, then the few
    corrections)."""
    out: list[dict[uuid.UUID, Decimal]] = [defaultdict(Decimal) for _p in periods]
    for rows in earning_rows(groups, periods):
        for r in rows:
            for i in range(len(periods)):
                if r[f"e{i}"] is not None:
                    out[i][r["member_id"]] += Decimal(r[f"e{i}"])
    return [dict(e) for e in out]


def _training(groups: QuerySet[Group], periods: list[Period]) -> list[dict[uuid.UUID, Decimal]]:
    """Each trained member's hours of training, per period: one pass over attendance."""
    rows = list(training_rows(groups, periods))
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
