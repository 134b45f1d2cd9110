"""The per-member queries a project's indicators are added up from, as SQL to nest: what
member_facts reads row by row and profile_cells adds up per profile in the database."""

from datetime import date
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

from minka.governance.models import PostHolding
from minka.impact.indicators import CURRENCY, Period
from minka.learning.models import Attendance
from minka.ledger.models import EntryKind, LedgerEntry
from minka.members.models import Group, Member, MemberStatus, Skill
from minka.organisation.rollup import EARNED_KINDS, RETENTION_SPAN

SEP = "\x1f"  # between a member's skills in one column


class _Joined(Aggregate):
    """The names of a member's skills in one string (string_agg / group_concat)."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def sql_date(day: date) -> Any:
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


def sql_of(qs: QuerySet[Any]) -> tuple[str, list[Any]]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def profiles_sql(groups: QuerySet[Group]) -> tuple[str, list[Any]]:
    members, params = sql_of(
        Member.objects.filter(group__in=groups)
        .order_by()
        .values("id", "group_id", "community", "languages")
    )
    skills, skill_params = sql_of(
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


def members_sql(
    groups: QuerySet[Group], extras: list[tuple[str, list[Any], str]], *, full: bool = False
) -> tuple[str, list[Any]]:
    """The project's members as facts (member_id, status, joined_on, kept: 1 if she stayed
    RETENTION_SPAN or has not left), with the columns named in each of `extras` (a query
    with one row per member_id). `full`: also the rows of the first extra whose member is
    not one of the project's (as the facts per member count them); the other extras are
    read for the project's members only."""
    kept = Case(
        When(
            ~Q(status=MemberStatus.LEFT)
            | Q(left_on__isnull=False, left_on__gte=F("joined_on") + RETENTION_SPAN),
            then=Value(1),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    sql, params = sql_of(
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
        f" {'FULL OUTER' if full and not k else 'LEFT'} JOIN ({e}) x{k} ON x{k}.member_id = m.id"
        for k, (e, _p, _c) in enumerate(extras)
    )
    for _e, ps, _c in extras:
        params += ps
    inner = (
        f"SELECT {member} AS member_id, m.status, m.joined_on, m.kept{columns} "
        f"FROM ({sql}) m{joins}"
    )
    return inner, params


def cols(letter: str, periods: list[Period]) -> str:
    return " ".join(f"{letter}{i}" for i in range(len(periods)))


def member_extras(
    groups: QuerySet[Group], periods: list[Period]
) -> list[tuple[str, list[Any], str]]:
    """The members family's columns besides the member's own: h{i}, her hours of
    training per period, and since, the start of her first post."""
    first_post = sql_of(
        PostHolding.objects.filter(term__group__in=groups)
        .order_by()
        .values("member_id")
        .annotate(since=Min("term__starts_on"))
    )
    trained = sql_of(training_rows(groups, periods))
    return [(*trained, cols("h", periods)), (*first_post, "since")]
