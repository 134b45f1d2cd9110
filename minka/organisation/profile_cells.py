"""A project's indicators added up in the database, per profile of member.

A profile is what places a woman in the breakdowns: her group, community, languages and
skills (Profile, below). Each query here reads the same per-member figure as the
per-member facts of member_facts.facts_for (the same querysets, as a subquery), joins it to
the member's profile and adds it up per profile and period: a few thousand rows come
back instead of a hundred thousand members. `actual` then spreads the cells over the
breakdowns exactly as it spreads the facts, so the figures are the same both ways (a
test compares them).

A cell is [num, den, women]: the sums of the facts' numerators and denominators, and how
many facts (women) there were.
"""

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    F,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _

from minka.governance.models import PostHolding
from minka.impact.indicators import CURRENCY, Period
from minka.learning.models import Attendance
from minka.ledger.models import EntryKind, LedgerEntry
from minka.members.models import Group, Language, Member, MemberStatus, Skill
from minka.organisation.member_rollup import member_pieces, rollup_serves, technique_pieces
from minka.organisation.models import IndicatorKind
from minka.organisation.rollup import EARNED_KINDS, RETENTION_SPAN

SEP = "\x1f"  # between a member's skills in one column
Profile = tuple[str, str, tuple[str, ...], tuple[str, ...]]
UNKNOWN: Profile = ("?", "?", (), ())


class Cells(dict[Profile, list[Any]]):
    """{profile: [num, den, women]} for one period; `techniques` as member_facts.FactList."""

    techniques: dict[str | None, list[Any]] | None = None


class _Joined(Aggregate):
    """The names of a member's skills in one string (string_agg / group_concat)."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def _dec(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, float):  # SQLite adds decimals as floats
        return Decimal(repr(value))
    return Decimal(value)


def _date(day: date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def earning_rows(groups: QuerySet[Group], periods: list[Period]) -> list[QuerySet[Any]]:
    """Per member, e{i}: the earned entries of each period, and the corrections of them
    (counted in the period of the entry they correct)."""
    first, last = min(p.first for p in periods), max(p.end for p in periods)
    entries = LedgerEntry.objects.filter(group__in=groups, currency=CURRENCY).order_by()
    plain = entries.filter(kind__in=EARNED_KINDS, entry_date__range=(first, last)).values(
        "member_id"
    )
    fixes = entries.filter(
        kind=EntryKind.REVERSAL,
        reverses__kind__in=EARNED_KINDS,
        reverses__entry_date__range=(first, last),
    ).values("member_id")
    out = []
    for rows, day in ((plain, "entry_date"), (fixes, "reverses__entry_date")):
        columns = {
            f"e{i}": Sum("amount", filter=Q(**{f"{day}__range": (p.first, p.end)}))
            for i, p in enumerate(periods)
        }
        out.append(rows.annotate(**columns))
    return out


def training_rows(groups: QuerySet[Group], periods: list[Period]) -> QuerySet[Any]:
    """Per trained member, h{i}: her hours of training in each period."""
    first, last = min(p.first for p in periods), max(p.end for p in periods)
    columns = {
        f"h{i}": Sum("session__hours", filter=Q(session__held_on__range=(p.first, p.end)))
        for i, p in enumerate(periods)
    }
    return (
        Attendance.objects.filter(
            member__isnull=False,
            session__training__group__in=groups,
            session__held_on__range=(first, last),
        )
        .order_by()
        .values("member_id")
        .annotate(**columns)
    )


def _sql(qs: QuerySet[Any]) -> tuple[str, list[Any]]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _profiles(groups: QuerySet[Group]) -> tuple[str, list[Any]]:
    members, params = _sql(
        Member.objects.filter(group__in=groups)
        .order_by()
        .values("id", "group_id", "community", "languages")
    )
    skills, skill_params = _sql(
        Skill.objects.filter(member__group__in=groups)
        .order_by()
        .values("member_id")
        .annotate(names=_Joined("technique__name", Value(SEP)))
    )
    return (
        f"SELECT m.id, m.group_id, m.community, m.languages, s.names AS skills "
        f"FROM ({members}) m LEFT JOIN ({skills}) s ON s.member_id = m.id",
        params + skill_params,
    )


# include (SQL on f.*) and its params, num and its params, den
Spec = tuple[str, list[Any], str, list[Any], str]


def _cells(groups: QuerySet[Group], facts: tuple[str, list[Any]], specs: list[Spec]) -> list[Cells]:
    """Each spec's cells: the rows of `facts` (one per member, with a member_id column)
    that meet `include`, added up per profile of their member."""
    columns, params = [], []
    for i, (include, include_params, num, num_params, den) in enumerate(specs):
        columns.append(
            f"SUM(CASE WHEN {include} THEN {num} ELSE 0 END) AS n{i}, "
            f"SUM(CASE WHEN {include} THEN {den} ELSE 0 END) AS d{i}, "
            f"SUM(CASE WHEN {include} THEN 1 ELSE 0 END) AS w{i}"
        )
        params += include_params + num_params + include_params + include_params
    profile_sql, profile_params = _profiles(groups)
    sql = (
        f"SELECT p.group_id, p.community, p.languages, p.skills, {', '.join(columns)} "
        f"FROM ({facts[0]}) f LEFT JOIN ({profile_sql}) p ON p.id = f.member_id "
        "GROUP BY p.group_id, p.community, p.languages, p.skills"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + facts[1] + profile_params)
        rows = cursor.fetchall()
    out = [Cells() for _s in specs]
    profiles = _profile_labels(groups, rows)
    # Rows whose profile no other row shares are added as they come, in a tight loop
    # (PostgreSQL gives Decimal or int; `actual` adds them as they are); the others, and
    # every row on SQLite (which may add decimals as floats), one by one.
    if connection.vendor == "sqlite":
        shared = set(profiles)
    else:
        shared = {p for p, rows_of_p in Counter(profiles).items() if rows_of_p > 1}
    for i, cells in enumerate(out):
        k = 4 + 3 * i
        cells.update(
            {
                p: [r[k] or 0, r[k + 1] or 0, int(r[k + 2])]
                for p, r in zip(profiles, rows, strict=True)
                if r[k + 2] and p not in shared
            }
        )
    for profile, row in zip(profiles, rows, strict=True):
        if profile not in shared:
            continue
        for i, cells in enumerate(out):
            n, d, w = row[4 + 3 * i : 7 + 3 * i]
            if not w:
                continue
            cell = cells.setdefault(profile, [Decimal(0), Decimal(0), 0])
            cell[0] += _dec(n) if isinstance(n, float) else n or 0
            cell[1] += _dec(d) if isinstance(d, float) else d or 0
            cell[2] += int(w)
    return out


def _profile_labels(groups: QuerySet[Group], rows: list[Any]) -> list[Profile]:
    """Each row's profile as the breakdowns label it. Rows of the database's profile
    (group id, community, languages, skills in the order they came) may share one: two
    orders of the same skills, or no community and an empty one."""
    names: dict[Any, str] = {}
    for g, n in Group.objects.filter(id__in=groups).values_list("id", "name"):
        names[g] = names[g.hex] = n  # PostgreSQL gives UUIDs, SQLite their hex
    spoken = {c: str(label) for c, label in Language.choices}
    no_community, no_language = _("(sin comunidad)"), (_("(sin idioma registrado)"),)
    said: dict[Any, tuple[str, ...]] = {}
    skilled: dict[Any, tuple[str, ...]] = {None: ()}
    out: list[Profile] = []
    for group, community, languages, skills, *_sums in rows:
        if group is None:
            out.append(UNKNOWN)
            continue
        key = languages if isinstance(languages, str) else tuple(languages or ())
        if key not in said:
            codes = json.loads(languages) if isinstance(languages, str) else languages
            said[key] = tuple(spoken.get(c, c) for c in codes or []) or no_language
        if skills not in skilled:
            skilled[skills] = tuple(sorted(skills.split(SEP))) if skills else ()
        out.append((names[group], community or no_community, said[key], skilled[skills]))
    return out


def _members(
    groups: QuerySet[Group], extras: list[tuple[str, list[Any], str]], *, full: bool = False
) -> tuple[str, list[Any]]:
    """The project's members as facts (member_id, status, joined_on, kept: 1 if she stayed
    RETENTION_SPAN or has not left), with the columns named in each of `extras` (a query
    with one row per member_id). `full`: also the rows of the (single) extra whose member
    is not one of the project's (as the facts per member count them)."""
    kept = Case(
        When(
            ~Q(status=MemberStatus.LEFT)
            | Q(left_on__isnull=False, left_on__gte=F("joined_on") + RETENTION_SPAN),
            then=Value(1),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    sql, params = _sql(
        Member.objects.filter(group__in=groups)
        .order_by()
        .annotate(kept=kept)
        .values("id", "status", "joined_on", "kept")
    )
    member = "COALESCE(m.id, x0.member_id)" if full else "m.id"
    columns = "".join(
        ", " + ", ".join(f"x{k}.{c}" for c in cs.split()) for k, (_s, _p, cs) in enumerate(extras)
    )
    joins = "".join(
        f" {'FULL OUTER' if full else 'LEFT'} JOIN ({e}) x{k} ON x{k}.member_id = m.id"
        for k, (e, _p, _c) in enumerate(extras)
    )
    for _e, ps, _c in extras:
        params += ps
    inner = (
        f"SELECT {member} AS member_id, m.status, m.joined_on, m.kept{columns} "
        f"FROM ({sql}) m{joins}"
    )
    return inner, params


PIECE_KINDS = (IndicatorKind.PIECES_ACCEPTED, IndicatorKind.ACCEPTANCE, IndicatorKind.FAIR_PAY)


EARNING_KINDS = (IndicatorKind.EARNINGS, IndicatorKind.EARNINGS_PER_MONTH)


def _rolled(
    groups: QuerySet[Group], periods: list[Period], wage: Decimal
) -> dict[str, list[Cells]] | None:
    """The cells of the three piece kinds and the two earning kinds, in one query over
    the rollup (and one for the techniques); None when the rollup does not serve."""
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
    specs += [s for k in EARNING_KINDS for s in _specs(k, periods)]
    rolled = _sql(member_pieces(groups, periods, first, last))
    columns = " ".join(_cols(c, periods) for c in "agfe")
    every = _cells(groups, _members(groups, [(*rolled, columns)], full=True), specs)
    techniques = technique_pieces(groups, periods, first, last)
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
    for k, kind in enumerate(EARNING_KINDS, start=len(picks)):
        out[kind] = every[k * size : (k + 1) * size]
    return out


def _cols(letter: str, periods: list[Period]) -> str:
    return " ".join(f"{letter}{i}" for i in range(len(periods)))


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


def _is_active(p: Period) -> list[Any]:
    return [str(MemberStatus.ACTIVE), _date(p.end)]


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
            ("f.joined_on <= %s", [_date(p.end - RETENTION_SPAN)], "f.kept", [], "1")
            for p in periods
        ]
    if kind == IndicatorKind.LEADERSHIP:
        since = "CASE WHEN f.since IS NOT NULL AND f.since <= %s THEN 1 ELSE 0 END"
        return [(ACTIVE, _is_active(p), since, [_date(p.end)], "1") for p in periods]
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
        first_post = _sql(
            PostHolding.objects.filter(term__group__in=groups)
            .order_by()
            .values("member_id")
            .annotate(since=Min("term__starts_on"))
        )
        trained = _sql(training_rows(groups, periods))
        facts = _members(groups, [(*trained, _cols("h", periods)), (*first_post, "since")])
    elif name == "earnings":
        (plain, pp), (fixes, fp) = (_sql(q) for q in earning_rows(groups, periods))
        sums = ", ".join(f"SUM(u.e{i}) AS e{i}" for i in range(len(periods)))
        per_member = (
            f"SELECT u.member_id, {sums} FROM ({plain} UNION ALL {fixes}) u GROUP BY u.member_id"
        )
        facts = _members(groups, [(per_member, pp + fp, _cols("e", periods))], full=True)
    else:
        facts = _sql(training_rows(groups, periods))
    every = _cells(groups, facts, [s for k in kinds for s in _specs(k, periods)])
    size = len(periods)
    return {k: every[i * size : (i + 1) * size] for i, k in enumerate(kinds)}


def cells_for(
    kind: str,
    groups: QuerySet[Group],
    periods: list[Period],
    wage: Decimal,
    cache: dict[Any, Any],
) -> list[Cells] | None:
    """The cells of one kind for each period; None for a kind only the per-member facts
    give (tourism, or pieces the rollup does not cover). The kinds of one family are
    added up together, once for all their periods (kept in `cache`); pieces and
    earnings from the rollup when it serves, else earnings from the ledger."""
    spans = tuple((p.first, p.last) for p in periods)
    if kind in PIECE_KINDS or kind in EARNING_KINDS:
        rolled = ("rolled cells", spans)
        if rolled not in cache:
            cache[rolled] = _rolled(groups, periods, wage)
        if cache[rolled] is not None:
            return cache[rolled][kind]
        if kind in PIECE_KINDS:
            return None
    if kind in FAMILIES:
        family = ("cells", FAMILIES[kind], spans)
        if family not in cache:
            cache[family] = _family(FAMILIES[kind], groups, periods)
        return cache[family][kind]
    return None
