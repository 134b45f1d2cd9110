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

from django.db.models import Max, Min, Q, QuerySet, Sum

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


def group_rows(
    organisation: Organisation, period: Period, filters: Filters, today: date
) -> list[GroupRow]:
    """Every group of the organisation that passes the filters, with its figures for the
    period. Two queries. Active members and retention are those of the period's last
    month (the rollup's row of that month), added up with the rest."""
    groups = filtered_groups(organisation, filters)
    at_end = Q(month=period.last)
    months = {
        r["group_id"]: r
        for r in GroupMonth.objects.filter(
            group__in=groups, month__range=(period.first, period.last)
        )
        .order_by()
        .values("group_id")
        .annotate(
            orders_due=Sum("orders_due"),
            orders_on_time=Sum("orders_on_time"),
            pieces_delivered=Sum("pieces_delivered"),
            pieces_accepted=Sum("pieces_accepted"),
            pieces_graded=Sum("pieces_graded"),
            pieces_fair=Sum("pieces_fair"),
            paid=Sum("paid"),
            earnings=Sum("earnings"),
            member_months=Sum("active_members"),
            training_hours=Sum("training_hours"),
            active_members=Sum("active_members", filter=at_end),
            cohort=Sum("cohort", filter=at_end),
            retained=Sum("retained", filter=at_end),
        )
    }
    rows = []
    for g in groups.order_by("name").values("id", "name", "code", "region", "place"):
        m = months.get(g["id"], {})
        rows.append(
            GroupRow(
                **g,
                active_members=m.get("active_members") or 0,
                orders_due=m.get("orders_due") or 0,
                orders_on_time=m.get("orders_on_time") or 0,
                pieces_delivered=m.get("pieces_delivered") or 0,
                pieces_accepted=m.get("pieces_accepted") or 0,
                pieces_graded=m.get("pieces_graded") or 0,
                pieces_fair=m.get("pieces_fair") or 0,
                paid=cents(Decimal(m.get("paid") or 0)),
                earnings=cents(Decimal(m.get("earnings") or 0)),
                member_months=m.get("member_months") or 0,
                training_hours=Decimal(m.get("training_hours") or 0).quantize(Decimal("0.1")),
                cohort=m.get("cohort") or 0,
                retained=m.get("retained") or 0,
            )
        )
    return rows


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
