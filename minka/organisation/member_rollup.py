"""The projects' piece figures at federation scale: each member's graded pieces per month
and technique (MemberMonth), rebuilt with the desk's GroupMonth in one INSERT ... SELECT,
and the reads of project indicators that use them.

A project's piece indicators (pieces accepted, acceptance, pieces paid fairly) read the
rollup when it covers every month asked for and was computed with the organisation's
current fair wage; otherwise they read the quality checks themselves. Both ways give the
same rows (a test holds them equal): per member, and per technique with the number of
women in each.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from minka.impact.indicators import ACCEPTED_GRADES, CURRENCY, FINAL_GRADES, Period, month_start
from minka.ledger.models import EntryKind, LedgerEntry
from minka.members.models import Group, Organisation, Technique
from minka.organisation.models import GroupMonth, MemberMonth
from minka.production.models import Grade, QualityCheck, counted

PRODUCT = "delivery__allocation__line__product__"
EARNED_KINDS = (EntryKind.EARNING, EntryKind.SALE_SHARE)
NO_TECHNIQUE = None  # a design with no technique: its own row in the breakdown


# How PostgreSQL runs the wide grouped reads of the rollup and the projects (EXPLAIN
# ANALYZE, a project of 200 groups): the JIT compiler spent 12.5 s of a 13.7 s query
# compiling its hundred-odd sums, which then ran in about a second; and with the default
# 4 MB per sort their sorts went to disk (tens of MB at a thousand groups).
ANALYTIC_SETTINGS = {"jit": "off", "work_mem": "64MB"}


@contextmanager
def analytic_settings() -> Iterator[None]:
    """ANALYTIC_SETTINGS for the block, only in its transaction (a savepoint if there is
    one already): set back on the way out, or undone with the savepoint if it fails."""
    if connection.vendor != "postgresql":
        yield
        return
    names = list(ANALYTIC_SETTINGS)
    read = ", ".join("current_setting(%s)" for _n in names)
    write = ", ".join("set_config(%s, %s, true)" for _n in names)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {read}", names)
        before = cursor.fetchone()
        cursor.execute(f"SELECT {write}", [x for n in names for x in (n, ANALYTIC_SETTINGS[n])])
        yield
        cursor.execute(
            f"SELECT {write}", [x for n, v in zip(names, before, strict=True) for x in (n, v)]
        )


def _fair_q() -> Q:
    return Q(grade=Grade.A, margin_a__gte=0) | Q(grade=Grade.B, margin_b__gte=0)


def _graded(groups: QuerySet[Group], first: date, end: date, wage: Decimal) -> QuerySet[Any]:
    from minka.organisation.rollup import fair_margin  # rollup imports this module

    return (
        QualityCheck.objects.filter(
            counted(),  # a cancelled delivery counts for nothing
            delivery__allocation__line__order__group__in=groups,
            delivery__received_on__range=(first, end),
        )
        .alias(
            margin_a=fair_margin(PRODUCT, "rate_a", wage),
            margin_b=fair_margin(PRODUCT, "rate_b", wage),
        )
        .order_by()
    )


def _earned(groups: QuerySet[Group], period: Period) -> tuple[str, list[Any]]:
    """Per group, member and month: net earnings in soles (indicators' rule: a correction
    counts in the month of the entry it corrects). The entries and the corrections are
    two grouped reads (joining every entry to the one it reverses hashes the ledger)."""
    entries = LedgerEntry.objects.filter(group__in=groups, currency=CURRENCY).order_by()
    plain = entries.filter(kind__in=EARNED_KINDS, entry_date__range=(period.first, period.end))
    fixes = entries.filter(
        kind=EntryKind.REVERSAL,
        reverses__kind__in=EARNED_KINDS,
        reverses__entry_date__range=(period.first, period.end),
    )
    parts = [
        rows.annotate(gid=F("group_id"), mid=F("member_id"), mon=TruncMonth(day))
        .values("gid", "mid", "mon")
        .annotate(amt=Sum("amount"))
        .query.sql_with_params()
        for rows, day in ((plain, "entry_date"), (fixes, "reverses__entry_date"))
    ]
    (a, a_params), (b, b_params) = parts
    return (
        f"SELECT u.gid, u.mid, u.mon, SUM(u.amt) AS amt FROM ({a} UNION ALL {b}) u "
        "GROUP BY u.gid, u.mid, u.mon",
        [*a_params, *b_params],
    )


def member_months_refresh(
    *, organisation: Organisation, period: Period, wage: Decimal, now: datetime
) -> int:
    """Rebuild the organisation's MemberMonth rows of `period` inside the caller's
    transaction: one DELETE and one INSERT ... SELECT, whatever the number of rows. A
    month's earnings go on its first row by technique (rn 1), or on a row of their own
    when she had no graded piece that month."""
    groups = Group.objects.filter(organisation=organisation)
    MemberMonth.objects.filter(
        group__organisation=organisation, month__range=(period.first, period.last)
    ).delete()
    rows = (
        _graded(groups, period.first, period.end, wage)
        .annotate(
            gid=F("delivery__allocation__line__order__group_id"),
            mid=F("delivery__allocation__member_id"),
            tid=F(f"{PRODUCT}technique_id"),
            mon=TruncMonth("delivery__received_on"),
        )
        .values("gid", "mid", "tid", "mon")
        .annotate(
            acc=Sum("quantity", filter=Q(grade__in=ACCEPTED_GRADES), default=0),
            gra=Sum("quantity", filter=Q(grade__in=FINAL_GRADES), default=0),
            fai=Sum("quantity", filter=_fair_q(), default=0),
        )
    )
    select, params = rows.query.sql_with_params()
    earned, earned_params = _earned(groups, period)
    table = MemberMonth._meta.db_table
    # Our own table name and Django's compiled queries; the values go as parameters.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (group_id, member_id, technique_id, month, accepted, graded, "
            "fair, earned, fair_wage, computed_at) "
            "SELECT COALESCE(q.gid, e.gid), COALESCE(q.mid, e.mid), q.tid, "
            "COALESCE(q.mon, e.mon), COALESCE(q.acc, 0), COALESCE(q.gra, 0), "
            "COALESCE(q.fai, 0), ROUND(e.amt, 2), %s, %s "
            "FROM (SELECT p.*, ROW_NUMBER() OVER "
            f"(PARTITION BY p.gid, p.mid, p.mon ORDER BY p.tid) AS rn FROM ({select}) p) q "
            f"FULL OUTER JOIN (SELECT x.*, 1 AS rn FROM ({earned}) x) e "
            "ON e.gid = q.gid AND e.mid = q.mid AND e.mon = q.mon AND e.rn = q.rn",
            [wage, now, *params, *earned_params],
        )
        return int(cursor.rowcount)


def rollup_covers(groups: QuerySet[Group], first: date, last: date, wage: Decimal) -> bool:
    """Whether every month from `first` to `last` was rolled up for these groups with
    this fair wage (the rollup writes a GroupMonth row per group and month, even empty)."""
    want = Period(first, last).count * groups.count()
    found = (
        GroupMonth.objects.filter(group__in=groups, month__range=(first, last))
        .order_by()
        .aggregate(rows=Count("id"), low=Min("fair_wage"), high=Max("fair_wage"))
    )
    return bool(want) and found["rows"] == want and found["low"] == wage == found["high"]


# (accepted, graded, fair) per member; per technique the same plus women with an
# accepted piece and women with a graded piece.
MemberPieces = dict[uuid.UUID, list[int]]
TechniquePieces = dict[str | None, list[int]]


def _columns(periods: list[Period], month: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, p in enumerate(periods):
        within = Q(**{f"{month}__range": (p.first, p.last)})
        out[f"a{i}"] = Sum("accepted", filter=within, default=0)
        out[f"g{i}"] = Sum("graded", filter=within, default=0)
        out[f"f{i}"] = Sum("fair", filter=within, default=0)
    return out


def _from_rollup(
    groups: QuerySet[Group], periods: list[Period], first: date, last: date
) -> list[tuple[MemberPieces, TechniquePieces]]:
    by_member = list(member_pieces(groups, periods, first, last))
    by_technique = technique_pieces(groups, periods, first, last)
    out = []
    for i, techniques in enumerate(by_technique):
        members = {
            r["member_id"]: [r[f"a{i}"], r[f"g{i}"], r[f"f{i}"]]
            for r in by_member
            if r[f"g{i}"] or r[f"a{i}"]
        }
        out.append((members, techniques))
    return out


def member_pieces(
    groups: QuerySet[Group], periods: list[Period], first: date, last: date
) -> QuerySet[Any]:
    """From the rollup: per member, a{i}, g{i}, f{i} (accepted, graded, fair) and e{i}
    (earned, None when she had no earned entry) per period."""
    base = MemberMonth.objects.filter(group__in=groups, month__range=(first, last)).order_by()
    earned = {
        f"e{i}": Sum("earned", filter=Q(month__range=(p.first, p.last)))
        for i, p in enumerate(periods)
    }
    return base.values("member_id").annotate(**_columns(periods, "month"), **earned)


def member_technique_pieces(
    groups: QuerySet[Group], periods: list[Period], first: date, last: date
) -> tuple[str, list[Any]]:
    """From the rollup, as SQL: per member and technique, a{i}, g{i}, f{i} and e{i} per
    period (what member_pieces adds up per member, and technique_sums per technique)."""
    earned = {
        f"e{i}": Sum("earned", filter=Q(month__range=(p.first, p.last)))
        for i, p in enumerate(periods)
    }
    sql, params = (
        MemberMonth.objects.filter(group__in=groups, month__range=(first, last))
        .order_by()
        .values("member_id", "technique_id")
        .annotate(**_columns(periods, "month"), **earned)
        .query.sql_with_params()
    )
    return sql, list(params)


def technique_sums(source: str, periods: list[Period]) -> tuple[str, int]:
    """SELECT k, the technique's id, then per period v{5i}.. v{5i+4}: the pieces (a, g, f) and
    the women with an accepted and with a graded piece, from `source`: rows per member
    and technique (so the women are the rows with a piece: a hash aggregate, where
    counting distinct members sorted every row). With the number of values."""
    columns = ", ".join(
        f"SUM(t.a{i}) AS v{5 * i}, SUM(t.g{i}) AS v{5 * i + 1}, SUM(t.f{i}) AS v{5 * i + 2}, "
        f"SUM(CASE WHEN t.a{i} > 0 THEN 1 ELSE 0 END) AS v{5 * i + 3}, "
        f"SUM(CASE WHEN t.g{i} > 0 THEN 1 ELSE 0 END) AS v{5 * i + 4}"
        for i in range(len(periods))
    )
    sql = f"SELECT t.technique_id AS k, {columns} FROM {source} t GROUP BY t.technique_id"
    return sql, 5 * len(periods)


def techniques_of(rows: list[Any], periods: list[Period]) -> list[TechniquePieces]:
    """The rows of technique_sums as TechniquePieces per period, keyed by name."""
    field = MemberMonth._meta.get_field("technique")
    names = {t.id: t.name for t in Technique.objects.all()}
    out = []
    for i in range(len(periods)):
        techniques: TechniquePieces = {}
        for row in rows:
            a, g, f, wa, wg = (int(v or 0) for v in row[1 + 5 * i : 6 + 5 * i])
            if wg or wa:
                tid = row[0]
                name = None if tid is None else names[field.to_python(tid)]
                techniques[name] = [a, g, f, wa, wg]
        out.append(techniques)
    return out


def technique_pieces(
    groups: QuerySet[Group], periods: list[Period], first: date, last: date
) -> list[TechniquePieces]:
    """From the rollup: per period, the pieces and women of each technique."""
    pairs, params = member_technique_pieces(groups, periods, first, last)
    with connection.cursor() as cursor:
        cursor.execute(technique_sums(f"({pairs})", periods)[0], params)
        rows = cursor.fetchall()
    return techniques_of(rows, periods)


def _from_records(
    groups: QuerySet[Group], periods: list[Period], first: date, end: date, wage: Decimal
) -> list[tuple[MemberPieces, TechniquePieces]]:
    columns: dict[str, Any] = {}
    for i, p in enumerate(periods):
        within = Q(delivery__received_on__range=(p.first, p.end))
        columns[f"a{i}"] = Sum("quantity", filter=within & Q(grade__in=ACCEPTED_GRADES), default=0)
        columns[f"g{i}"] = Sum("quantity", filter=within & Q(grade__in=FINAL_GRADES), default=0)
        columns[f"f{i}"] = Sum("quantity", filter=within & _fair_q(), default=0)
    rows = list(
        _graded(groups, first, end, wage)
        .annotate(
            member=F("delivery__allocation__member_id"), technique=F(f"{PRODUCT}technique__name")
        )
        .values("member", "technique")
        .annotate(**columns)
    )
    out = []
    for i in range(len(periods)):
        members: MemberPieces = defaultdict(lambda: [0, 0, 0])
        techniques: TechniquePieces = defaultdict(lambda: [0, 0, 0, 0, 0])
        for r in rows:
            a, g, f = r[f"a{i}"], r[f"g{i}"], r[f"f{i}"]
            if not (a or g):
                continue
            m, t = members[r["member"]], techniques[r["technique"]]
            for k, v in enumerate((a, g, f)):
                m[k] += v
                t[k] += v
            t[3] += 1 if a else 0  # (member, technique) pairs are unique in these rows
            t[4] += 1 if g else 0
        out.append((dict(members), dict(techniques)))
    return out


def pieces_by_period(
    groups: QuerySet[Group], periods: list[Period], wage: Decimal
) -> list[tuple[MemberPieces, TechniquePieces]]:
    """For each period: pieces per member and per technique (with its women)."""
    first = min(p.first for p in periods)
    last = max(p.last for p in periods)
    if rollup_serves(groups, periods, wage):
        return _from_rollup(groups, periods, first, last)
    return _from_records(groups, periods, first, Period(first, last).end, wage)


def rollup_serves(groups: QuerySet[Group], periods: list[Period], wage: Decimal) -> bool:
    """Whether the rollup covers these periods (months after this one hold no graded
    piece yet: the rollup need not cover them)."""
    first = min(p.first for p in periods)
    last = max(p.last for p in periods)
    now = month_start(timezone.localdate())
    return rollup_covers(groups, first, max(first, min(last, now)), wage)
