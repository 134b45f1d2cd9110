"""Community tourism as project indicators (issue 14): visits, visitors, visitor-nights
and money to hosts, from the visits done and the hosts' ledger, never typed in.

The definitions are the impact page's (tourism/indicators.py): a visit counts in the
period of its date when it is done; visitors are its people; nights are people x nights
of a home stay; money to hosts is HOST_PAY in soles dated in the period, net of its
corrections. A visit's figures are shared among its hosts (a visit with two hosts is
half a visit under each), so the breakdowns by group, community and language add up to
the total and each host is one woman in the cell counts.
"""

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from minka.impact.indicators import CURRENCY, Period
from minka.ledger.models import EntryKind, LedgerEntry
from minka.members.models import Group
from minka.organisation.models import IndicatorKind
from minka.tourism.models import BookingStatus, HostAssignment

TOURISM_KINDS = {
    IndicatorKind.VISITS,
    IndicatorKind.VISITORS,
    IndicatorKind.NIGHTS,
    IndicatorKind.HOST_PAY,
}
_FIELD = {IndicatorKind.VISITS: 0, IndicatorKind.VISITORS: 1, IndicatorKind.NIGHTS: 2}


def _visits(groups: QuerySet[Group], periods: list[Period]) -> list[dict[uuid.UUID, list[Any]]]:
    """Per period, each host's share of visits, visitors and nights: one query."""
    first = min(p.first for p in periods)
    last = max(p.end for p in periods)
    rows = HostAssignment.objects.filter(
        booking__group__in=groups,
        booking__status=BookingStatus.DONE,
        booking__visit_date__range=(first, last),
    ).values_list(
        "booking_id", "member_id", "booking__visit_date", "booking__people", "booking__nights"
    )
    hosts: dict[uuid.UUID, int] = defaultdict(int)
    listed = list(rows)
    for booking_id, *_rest in listed:
        hosts[booking_id] += 1
    out: list[dict[uuid.UUID, list[Any]]] = [
        defaultdict(lambda: [Decimal(0)] * 3) for _p in periods
    ]
    for booking_id, member_id, day, people, nights in listed:
        n = Decimal(hosts[booking_id])
        for i, p in enumerate(periods):
            if p.first <= day <= p.end:
                sums = out[i][member_id]
                sums[0] += 1 / n
                sums[1] += Decimal(people) / n
                sums[2] += Decimal(people * nights) / n
    return out


def _host_pay(groups: QuerySet[Group], periods: list[Period]) -> list[dict[uuid.UUID, Decimal]]:
    """Per period, each host's pay in soles, net of corrections: one query."""
    first = min(p.first for p in periods)
    last = max(p.end for p in periods)
    columns = {
        f"p{i}": Sum("amount", filter=Q(entry_date__range=(p.first, p.end)))
        for i, p in enumerate(periods)
    }
    rows = (
        LedgerEntry.objects.filter(group__in=groups, currency=CURRENCY)
        .filter(
            Q(kind=EntryKind.HOST_PAY)
            | Q(kind=EntryKind.REVERSAL, reverses__kind=EntryKind.HOST_PAY)
        )
        .filter(entry_date__range=(first, last))
        .order_by()
        .values("member_id")
        .annotate(**columns)
    )
    listed = list(rows)
    return [
        {r["member_id"]: Decimal(r[f"p{i}"]) for r in listed if r[f"p{i}"] is not None}
        for i in range(len(periods))
    ]


def tourism_facts(
    kind: str, groups: QuerySet[Group], periods: list[Period], rows: Any
) -> list[list[tuple[uuid.UUID, Decimal]]]:
    """(member, value) per period for a tourism kind; `rows(name, read)` caches reads."""
    if kind == IndicatorKind.HOST_PAY:
        pay = rows("host_pay", lambda: _host_pay(groups, periods))
        return [[(m, v) for m, v in p.items() if v] for p in pay]
    shares = rows("visits", lambda: _visits(groups, periods))
    i = _FIELD[IndicatorKind(kind)]
    return [[(m, v[i]) for m, v in p.items() if v[i]] for p in shares]
