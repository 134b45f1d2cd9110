"""A project's indicators added up in the database, per profile of member.

A profile is what places a woman in the breakdowns: her group, community, languages and
skills (Profile, below). Each query here reads the same per-member figures as the
per-member facts of member_facts.facts_for (the same querysets of member_queries, as
subqueries), joins them to the member's profile and adds them up per profile and period,
then per place (group, community) and per kind of woman (languages, skills): a few
thousand rows come back instead of a hundred thousand members. When the rollup serves
(member_rollup), one query gives the pieces, the earnings and the members family.
`actual` then spreads the cells over the breakdowns exactly as it spreads the facts, so
the figures are the same both ways (a test compares them).

A cell is [num, den, women]: the sums of the facts' numerators and denominators, and how
many facts (women) there were.
"""

import json
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minka.impact.indicators import Period
from minka.members.models import Group, Language, MemberStatus
from minka.organisation.member_queries import (
    SEP,
    cols,
    earning_rows,
    member_extras,
    members_sql,
    profiles_sql,
    sql_date,
    sql_of,
    training_rows,
)
from minka.organisation.member_rollup import (
    member_technique_pieces,
    rollup_serves,
    technique_sums,
    techniques_of,
)
from minka.organisation.models import IndicatorKind
from minka.organisation.rollup import RETENTION_SPAN

Profile = tuple[str, str, tuple[str, ...], tuple[str, ...]]
UNKNOWN: Profile = ("?", "?", (), ())


Place = tuple[str, str]  # group and community, as labelled
Kind = tuple[tuple[str, ...], tuple[str, ...]]  # languages and skills, as labelled
UNKNOWN_PLACE: Place = UNKNOWN[:2]
UNKNOWN_KIND: Kind = UNKNOWN[2:]


class Cells:
    """One period's cells [num, den, women], added up twice: per place (group and
    community) and per kind of woman (languages and skills). Each woman is in one of
    each, so either adds up to the total; the breakdowns by group and community read
    the first, those by language and technique the second. `techniques` as
    member_facts.FactList."""

    def __init__(self) -> None:
        self.places: dict[Place, list[Any]] = {}
        self.kinds: dict[Kind, list[Any]] = {}
        self.techniques: dict[str | None, list[Any]] | None = None


def _dec(value: Any) -> Any:
    if isinstance(value, float):  # SQLite adds decimals as floats
        return Decimal(repr(value))
    return value or 0  # PostgreSQL gives Decimal or int: added as they are


# include (SQL on f.*) and its params, num and its params, den
Spec = tuple[str, list[Any], str, list[Any], str]


def _cells(
    groups: QuerySet[Group],
    facts: tuple[str, list[Any]],
    specs: list[Spec],
    *,
    before: tuple[str, list[Any]] | None = None,
    after: tuple[str, int] | None = None,
) -> tuple[list[Cells], list[Any]]:
    """Each spec's cells: the rows of `facts` (one per member, with a member_id column)
    that meet `include`, added up per profile of their member, then per place and per
    kind: a few thousand rows instead of one per profile (tens of thousands at a
    thousand groups, each with every spec's sums, to send and convert). `before`: a
    query `facts` and `after` may read as mt; `after`: a SELECT of a key k and n values
    v0.. (at most as many as the specs have sums), and n: its rows come back as they
    are, second."""
    columns, params = [], []
    for i, (include, include_params, num, num_params, den) in enumerate(specs):
        columns.append(
            f"SUM(CASE WHEN {include} THEN {num} ELSE 0 END) AS n{i}, "
            f"SUM(CASE WHEN {include} THEN {den} ELSE 0 END) AS d{i}, "
            f"SUM(CASE WHEN {include} THEN 1 ELSE 0 END) AS w{i}"
        )
        params += include_params + num_params + include_params + include_params
    profile_sql, profile_params = profiles_sql(groups)
    sums = ", ".join(f"SUM(c.{x}{i})" for i in range(len(specs)) for x in "ndw")
    prelude, prelude_params = (f"mt AS ({before[0]}), ", before[1]) if before else ("", [])
    sql = (
        f"WITH {prelude}c AS (SELECT p.group_id, p.community, p.languages, p.skills, "
        f"{', '.join(columns)} "
        f"FROM ({facts[0]}) f LEFT JOIN ({profile_sql}) p ON p.id = f.member_id "
        "GROUP BY p.group_id, p.community, p.languages, p.skills) "
        f"SELECT 0, c.group_id, c.community, NULL, NULL, {sums} FROM c "
        "GROUP BY c.group_id, c.community "
        f"UNION ALL SELECT 1, NULL, NULL, c.languages, c.skills, {sums} FROM c "
        "GROUP BY c.languages, c.skills"
    )
    n = 0
    if after is not None:
        other, n = after
        values = "".join(f", x.v{i}" for i in range(n)) + ", NULL" * (3 * len(specs) - n)
        sql += f" UNION ALL SELECT 2, x.k, NULL, NULL, NULL{values} FROM ({other}) x"
    with connection.cursor() as cursor:
        cursor.execute(sql, prelude_params + params + facts[1] + profile_params)
        rows = cursor.fetchall()
    extra = [(r[1], *r[5 : 5 + n]) for r in rows if r[0] == 2]
    rows = [r for r in rows if r[0] != 2]
    out = [Cells() for _s in specs]
    keys = _labels(groups, rows)
    for key, row in zip(keys, rows, strict=True):
        for i, cells in enumerate(out):
            n, d, w = row[5 + 3 * i : 8 + 3 * i]
            if not w:
                continue
            into: dict[Any, list[Any]] = cells.places if row[0] == 0 else cells.kinds
            cell = into.get(key)
            if cell is None:
                into[key] = [Decimal(0) + _dec(n), Decimal(0) + _dec(d), int(w)]
            else:
                cell[0] += _dec(n)
                cell[1] += _dec(d)
                cell[2] += int(w)
    return out, extra


def _labels(groups: QuerySet[Group], rows: list[Any]) -> list[Place | Kind]:
    """Each row's place or kind as the breakdowns label it. Rows of the database may
    share one: two orders of the same skills, or no community and an empty one."""
    names: dict[Any, str] = {}
    for g, n in Group.objects.filter(id__in=groups).values_list("id", "name"):
        names[g] = names[g.hex] = n  # PostgreSQL gives UUIDs, SQLite their hex
    spoken = {c: str(label) for c, label in Language.choices}
    no_community, no_language = _("(sin comunidad)"), (_("(sin idioma registrado)"),)
    out: list[Place | Kind] = []
    for part, group, community, languages, skills, *_sums in rows:
        if part == 0:
            out.append(
                UNKNOWN_PLACE if group is None else (names[group], community or no_community)
            )
        elif languages is None:  # every member has a list, maybe empty: not a member
            out.append(UNKNOWN_KIND)
        else:
            codes = json.loads(languages) if isinstance(languages, str) else languages
            out.append(
                (
                    tuple(spoken.get(c, c) for c in codes) or no_language,
                    tuple(sorted(skills.split(SEP))) if skills else (),
                )
            )
    return out


PIECE_KINDS = (IndicatorKind.PIECES_ACCEPTED, IndicatorKind.ACCEPTANCE, IndicatorKind.FAIR_PAY)


EARNING_KINDS = (IndicatorKind.EARNINGS, IndicatorKind.EARNINGS_PER_MONTH)


def _rolled(
    groups: QuerySet[Group], periods: list[Period], wage: Decimal, *, members: bool
) -> dict[str, list[Cells]] | None:
    """The cells of the three piece kinds and the two earning kinds, and the rows of
    the techniques, in one query over the rollup; with `members`, those of the members family
    too, in the same query (its kinds count only the project's members, so the rows the
    rollup adds for other women change nothing for them). None when the rollup does not
    serve."""
    if not rollup_serves(groups, periods, wage):
        return None
    first, last = min(p.first for p in periods), max(p.last for p in periods)
    # (num, den, counted) as member_facts.facts_for picks them: 0 accepted, 1 graded, 2 fair
    picks = {
        IndicatorKind.PIECES_ACCEPTED: (0, None, 0),
        IndicatorKind.ACCEPTANCE: (0, 1, 1),
        IndicatorKind.FAIR_PAY: (2, 0, 0),
    }
    letter = "agf"
    specs: list[Spec] = [
        (
            f"f.{letter[counted]}{i} <> 0",
            [],
            f"f.{letter[num]}{i}",
            [],
            "1" if den is None else f"f.{letter[den]}{i}",
        )
        for num, den, counted in picks.values()
        for i in range(len(periods))
    ]
    also = [*EARNING_KINDS, *(MEMBER_KINDS if members else ())]
    specs += [s for k in also for s in _specs(k, periods)]
    # The rollup is read once, per member and technique (mt), then added up per member
    # for the cells and per technique for the techniques' rows, in the same statement.
    pairs = member_technique_pieces(groups, periods, first, last)
    columns = " ".join(cols(c, periods) for c in "agfe")
    sums = ", ".join(f"SUM(mt.{c}) AS {c}" for c in columns.split())
    per_member = f"SELECT mt.member_id, {sums} FROM mt GROUP BY mt.member_id"
    extras = [(per_member, [], columns), *(member_extras(groups, periods) if members else [])]
    every, technique_rows = _cells(
        groups,
        members_sql(groups, extras, full=True),
        specs,
        before=pairs,
        after=technique_sums("mt", periods),
    )
    techniques = techniques_of(technique_rows, periods)
    out: dict[str, list[Cells]] = {}
    size = len(periods)
    for k, (kind, (num, den, counted)) in enumerate(picks.items()):
        out[kind] = every[k * size : (k + 1) * size]
        women = 4 if counted == 1 else 3
        for cells, by_technique in zip(out[kind], techniques, strict=True):
            cells.techniques = {
                t: [Decimal(v[num]), Decimal(1) if den is None else Decimal(v[den]), v[women]]
                for t, v in by_technique.items()
                if v[women]
            }
    for k, other in enumerate(also, start=len(picks)):
        out[other] = every[k * size : (k + 1) * size]
    return out


ACTIVE = "f.status = %s AND f.joined_on <= %s"
FAMILIES: dict[str, str] = {  # kinds added up in one query
    IndicatorKind.ACTIVE_MEMBERS: "members",
    IndicatorKind.TRAINING_HOURS: "members",
    IndicatorKind.RETENTION: "members",
    IndicatorKind.LEADERSHIP: "members",
    IndicatorKind.EARNINGS: "earnings",
    IndicatorKind.EARNINGS_PER_MONTH: "earnings",
    IndicatorKind.WOMEN_TRAINED: "trained",
}
MEMBER_KINDS = tuple(k for k, f in FAMILIES.items() if f == "members")


def _is_active(p: Period) -> list[Any]:
    return [str(MemberStatus.ACTIVE), sql_date(p.end)]


def _specs(kind: str, periods: list[Period]) -> list[Spec]:
    """What each kind counts: as member_facts.facts_for, on the columns of its family."""
    n = range(len(periods))
    if kind == IndicatorKind.ACTIVE_MEMBERS:
        return [(ACTIVE, _is_active(p), "1", [], "1") for p in periods]
    if kind == IndicatorKind.TRAINING_HOURS:
        return [
            (ACTIVE, _is_active(p), f"COALESCE(f.h{i}, 0)", [], "1") for i, p in enumerate(periods)
        ]
    if kind == IndicatorKind.RETENTION:
        return [
            ("f.joined_on <= %s", [sql_date(p.end - RETENTION_SPAN)], "f.kept", [], "1")
            for p in periods
        ]
    if kind == IndicatorKind.LEADERSHIP:
        since = "CASE WHEN f.since IS NOT NULL AND f.since <= %s THEN 1 ELSE 0 END"
        return [(ACTIVE, _is_active(p), since, [sql_date(p.end)], "1") for p in periods]
    if kind == IndicatorKind.EARNINGS:
        return [(f"f.e{i} IS NOT NULL", [], f"f.e{i}", [], "1") for i in n]
    if kind == IndicatorKind.EARNINGS_PER_MONTH:
        return [
            (ACTIVE, _is_active(p), f"COALESCE(f.e{i}, 0)", [], str(p.count))
            for i, p in enumerate(periods)
        ]
    return [(f"f.h{i} IS NOT NULL", [], "1", [], "1") for i in n]  # women trained


def _family(name: str, groups: QuerySet[Group], periods: list[Period]) -> dict[str, list[Cells]]:
    kinds = [k for k, f in FAMILIES.items() if f == name]
    if name == "members":
        facts = members_sql(groups, member_extras(groups, periods))
    elif name == "earnings":
        (plain, pp), (fixes, fp) = (sql_of(q) for q in earning_rows(groups, periods))
        sums = ", ".join(f"SUM(u.e{i}) AS e{i}" for i in range(len(periods)))
        per_member = (
            f"SELECT u.member_id, {sums} FROM ({plain} UNION ALL {fixes}) u GROUP BY u.member_id"
        )
        facts = members_sql(groups, [(per_member, pp + fp, cols("e", periods))], full=True)
    else:
        facts = sql_of(training_rows(groups, periods))
    every, _none = _cells(groups, facts, [s for k in kinds for s in _specs(k, periods)])
    size = len(periods)
    return {k: every[i * size : (i + 1) * size] for i, k in enumerate(kinds)}


def cells_for(
    kind: str,
    groups: QuerySet[Group],
    periods: list[Period],
    wage: Decimal,
    cache: dict[Any, Any],
    kinds: frozenset[str] = frozenset(),
) -> list[Cells] | None:
    """The cells of one kind for each period; None for a kind only the per-member facts
    give (tourism, or pieces the rollup does not cover). The kinds of one family are
    added up together, once for all their periods (kept in `cache`); pieces and
    earnings from the rollup when it serves, else earnings from the ledger; `kinds`,
    every kind the caller will ask for: the members family joins the rollup's query when
    that is read anyway."""
    spans = tuple((p.first, p.last) for p in periods)
    rolling = {*PIECE_KINDS, *EARNING_KINDS}
    if kind in rolling or (kind in MEMBER_KINDS and kinds & rolling):
        rolled = ("rolled cells", spans)
        if rolled not in cache:
            members = bool(kinds & set(MEMBER_KINDS)) or kind in MEMBER_KINDS
            cache[rolled] = _rolled(groups, periods, wage, members=members)
        if cache[rolled] is not None and kind in cache[rolled]:
            return cache[rolled][kind]
        if kind in PIECE_KINDS:
            return None
    if kind in FAMILIES:
        family = ("cells", FAMILIES[kind], spans)
        if family not in cache:
            cache[family] = _family(FAMILIES[kind], groups, periods)
        return cache[family][kind]
    return None
