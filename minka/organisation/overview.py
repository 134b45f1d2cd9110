"""The organisation's desk: every group in a row, from the monthly rollup (rollup.py) and
the member list, in a fixed number of queries whatever the number of groups.

Active members and retention (governance.indicators.retention's rule, 12 months) are those
of the period's last month, as the rollup counted them; a test keeps them equal.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import FilteredRelation, Max, Min, Q, QuerySet, Sum

from minka.impact.indicators import Period
from minka.lib.money import cents
from minka.members.models import Group, Organisation, Technique
from minka.organisation.models import GroupMonth, Project


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GroupRow:
    id: uuid.UUID
    name: str
    code: str
    region: str
    place: str
    active_members: int
    orders_due: int
    orders_on_time: int
    pieces_delivered: int
    pieces_accepted: int
    pieces_graded: int
    pieces_fair: int
    paid: Decimal
    earnings: Decimal
    member_months: int
    training_hours: Decimal
    cohort: int
    retained: int

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent(self.orders_on_time, self.orders_due)

    @property
    def accepted_percent(self) -> Decimal | None:
        return percent(self.pieces_accepted, self.pieces_graded)

    @property
    def fair_percent(self) -> Decimal | None:
        return percent(self.pieces_fair, self.pieces_accepted)

    @property
    def earnings_per_member_month(self) -> Decimal | None:
        """Members' earnings over active member-months of the period."""
        if not self.member_months:
            return None
        return cents(self.earnings / self.member_months)

    @property
    def retained_percent(self) -> Decimal | None:
        return percent(self.retained, self.cohort)


SORTS: dict[str, Any] = {
    "name": lambda r: r.name.casefold(),
    "region": lambda r: (r.region.casefold(), r.name.casefold()),
    "members": lambda r: r.active_members,
    "on_time": lambda r: r.on_time_percent,
    "delivered": lambda r: r.pieces_delivered,
    "accepted": lambda r: r.accepted_percent,
    "paid": lambda r: r.paid,
    "earnings": lambda r: r.earnings_per_member_month,
    "training": lambda r: r.training_hours,
    "retained": lambda r: r.retained_percent,
    "fair": lambda r: r.fair_percent,
}


@dataclass(frozen=True)
class Filters:
    region: str = ""
    technique: uuid.UUID | None = None
    project: uuid.UUID | None = None


def filtered_groups(organisation: Organisation, filters: Filters) -> QuerySet[Group]:
    groups = Group.objects.filter(organisation=organisation)
    if filters.region:
        groups = groups.filter(region=filters.region)
    if filters.technique:
        groups = groups.filter(
            id__in=Group.objects.filter(products__technique_id=filters.technique).values("id")
        )
    if filters.project:
        groups = groups.filter(projects__id=filters.project)
    return groups


FIGURES = (  # GroupRow's fields after the group's own, summed over the period
    "orders_due",
    "orders_on_time",
    "pieces_delivered",
    "pieces_accepted",
    "pieces_graded",
    "pieces_fair",
    "paid",
    "earnings",
    "training_hours",
)


def group_rows(
    organisation: Organisation, period: Period, filters: Filters, today: date
) -> list[GroupRow]:
    """Every group of the organisation that passes the filters, with its figures for the
    period: one query, read without Django's per-value converters (a thousand rows of
    fourteen sums). Active members and retention are those of the period's last month
    (the rollup's row of that month)."""
    at_end = Q(m__month=period.last)
    query = (
        filtered_groups(organisation, filters)
        .alias(
            m=FilteredRelation(
                "months", condition=Q(months__month__range=(period.first, period.last))
            )
        )
        .order_by("name")
        .values_list("id", "name", "code", "region", "place")
        .annotate(
            **{f"sum_{f}": Sum(f"m__{f}") for f in FIGURES},
            sum_member_months=Sum("m__active_members"),
            end_active=Sum("m__active_members", filter=at_end),
            end_cohort=Sum("m__cohort", filter=at_end),
            end_retained=Sum("m__retained", filter=at_end),
        )
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows = []
    for gid, name, code, region, place, *sums in found:
        due, on_time, delivered, accepted, graded, fair, paid, earned, hours = sums[:9]
        member_months, active, cohort, retained = sums[9:]
        rows.append(
            GroupRow(
                id=gid if isinstance(gid, uuid.UUID) else uuid.UUID(gid),  # SQLite: hex
                name=name,
                code=code,
                region=region,
                place=place,
                active_members=int(active or 0),
                orders_due=int(due or 0),
                orders_on_time=int(on_time or 0),
                pieces_delivered=int(delivered or 0),
                pieces_accepted=int(accepted or 0),
                pieces_graded=int(graded or 0),
                pieces_fair=int(fair or 0),
                paid=cents(_decimal(paid)),
                earnings=cents(_decimal(earned)),
                member_months=int(member_months or 0),
                training_hours=_decimal(hours).quantize(Decimal("0.1")),
                cohort=int(cohort or 0),
                retained=int(retained or 0),
            )
        )
    return rows


def _decimal(value: Any) -> Decimal:
    if isinstance(value, float):  # SQLite adds decimals as floats
        return Decimal(repr(value))
    return Decimal(value or 0)


def sort_rows(rows: list[GroupRow], key: str, descending: bool) -> list[GroupRow]:
    """Sorted by a column; groups with no figure ("—") always last."""
    by = SORTS.get(key, SORTS["name"])
    known = [r for r in rows if by(r) is not None]
    unknown = [r for r in rows if by(r) is None]
    return sorted(known, key=by, reverse=descending) + unknown


@dataclass(frozen=True)
class Choices:
    regions: list[str]
    techniques: list[tuple[uuid.UUID, str]]
    projects: list[tuple[uuid.UUID, str]]
    computed: tuple[datetime | None, datetime | None]  # oldest and newest rollup row


def filter_choices(organisation: Organisation, period: Period) -> Choices:
    """What the filters offer. Four queries."""
    groups = Group.objects.filter(organisation=organisation)
    regions = sorted(
        r for r in groups.exclude(region="").values_list("region", flat=True).distinct() if r
    )
    techniques = list(
        Technique.objects.filter(product__group__organisation=organisation)
        .distinct()
        .order_by("name")
        .values_list("id", "name")
    )
    projects = [
        (pid, f"{code} {title}")
        for pid, code, title in Project.objects.filter(organisation=organisation).values_list(
            "id", "code", "title"
        )
    ]
    stamp = GroupMonth.objects.filter(
        group__organisation=organisation, month__range=(period.first, period.last)
    ).aggregate(first=Min("computed_at"), last=Max("computed_at"))
    return Choices(regions, techniques, projects, (stamp["first"], stamp["last"]))
