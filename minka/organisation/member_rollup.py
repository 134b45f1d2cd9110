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
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from minka.impact.indicators import ACCEPTED_GRADES, FINAL_GRADES, Period, month_start
from minka.members.models import Group, Organisation
from minka.organisation.models import GroupMonth, MemberMonth
from minka.production.models import Grade, QualityCheck, counted

PRODUCT = "delivery__allocation__line__product__"
NO_TECHNIQUE = None  # a design with no technique: its own row in the breakdown


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


def member_months_refresh(
    *, organisation: Organisation, period: Period, wage: Decimal, now: datetime
) -> int:
    """Rebuild the organisation's MemberMonth rows of `period` inside the caller's
    transaction: one DELETE and one INSERT ... SELECT, whatever the number of rows."""
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
    table = MemberMonth._meta.db_table
    # Our own table name and Django's compiled query; the values go as parameters.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (group_id, member_id, technique_id, month, accepted, graded, "
            f"fair, fair_wage, computed_at) SELECT q.gid, q.mid, q.tid, q.mon, q.acc, q.gra, "
            f"q.fai, %s, %s FROM ({select}) q",
            [wage, now, *params],  # the two placeholders before the subquery come first
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
    """From the rollup: per member, a{i}, g{i}, f{i} (accepted, graded, fair) per period."""
    base = MemberMonth.objects.filter(group__in=groups, month__range=(first, last)).order_by()
    return base.values("member_id").annotate(**_columns(periods, "month"))


def technique_pieces(
    groups: QuerySet[Group], periods: list[Period], first: date, last: date
) -> list[TechniquePieces]:
    """From the rollup: per period, the pieces and women of each technique."""
    base = MemberMonth.objects.filter(group__in=groups, month__range=(first, last)).order_by()
    women: dict[str, Any] = {}
    for i, p in enumerate(periods):
        within = Q(month__range=(p.first, p.last))
        women[f"wa{i}"] = Count("member", distinct=True, filter=within & Q(accepted__gt=0))
        women[f"wg{i}"] = Count("member", distinct=True, filter=within & Q(graded__gt=0))
    by_technique = list(
        base.values("technique__name").annotate(**_columns(periods, "month"), **women)
    )
    out = []
    for i in range(len(periods)):
        techniques = {
            r["technique__name"]: [
                r[f"a{i}"],
                r[f"g{i}"],
                r[f"f{i}"],
                r[f"wa{i}"],
                r[f"wg{i}"],
            ]
            for r in by_technique
            if r[f"wg{i}"] or r[f"wa{i}"]
        }
        out.append(techniques)
    return out


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
