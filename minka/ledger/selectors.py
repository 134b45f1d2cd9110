"""Reads of the member ledger that more than one page uses: balances and statements.

Balances come from the month totals (models.MonthTotal), which entry_add keeps exact in
the same transaction as each entry: a balance costs a SUM over her months, however many
entries she has. `minka check-ledger` proves the totals against the ledger itself.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce

from minka.ledger.models import EntryKind, LedgerEntry, MonthTotal, Payout
from minka.members.models import Group, Member

PAID_KINDS = [EntryKind.PAYOUT, EntryKind.ADVANCE]
EARNED_KINDS = [EntryKind.EARNING, EntryKind.SALE_SHARE, EntryKind.HOST_PAY]


def from_cents(value: int | None) -> Decimal:
    return (Decimal(value or 0) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class MemberBalance:
    member: Member
    earned: Decimal  # piece earnings and sale shares, less the ones corrected
    received: Decimal  # payouts and advances handed to her, less the ones corrected
    balance: Decimal  # the SUM of all her entries: owed to her, or (negative) owed by her


def member_balance(member: Member, currency: str = "PEN") -> Decimal:
    """What the group owes her (negative: what she owes, an advance)."""
    total = MonthTotal.objects.filter(member=member, currency=currency).aggregate(
        n=Sum("amount_cents")
    )["n"]
    return from_cents(total)


def member_balances(group: Group, currency: str = "PEN") -> list[MemberBalance]:
    """Every member of the group with her money, in one query grouped by member."""
    return _balances(Member.objects.filter(group=group), currency)


def member_money(member: Member, currency: str = "PEN") -> MemberBalance:
    """One member's earned, received and balance, counted as on the balances page."""
    return _balances(Member.objects.filter(pk=member.pk), currency)[0]


def _balances(members: QuerySet[Member], currency: str) -> list[MemberBalance]:
    mine = Q(month_totals__currency=currency)
    members = members.annotate(
        earned_sum=Coalesce(Sum("month_totals__earned_cents", filter=mine), 0),
        paid_sum=Coalesce(Sum("month_totals__received_cents", filter=mine), 0),
        balance_sum=Coalesce(Sum("month_totals__amount_cents", filter=mine), 0),
    ).order_by("number")
    return [
        MemberBalance(
            member=m,
            earned=from_cents(m.earned_sum),
            received=-from_cents(m.paid_sum),
            balance=from_cents(m.balance_sum),
        )
        for m in members
    ]


def member_sale_shares(member: Member, currency: str = "PEN") -> Decimal:
    """Her shares of sales, net of corrections (for her statement's sales card)."""
    total = MonthTotal.objects.filter(member=member, currency=currency).aggregate(
        n=Sum("shares_cents")
    )["n"]
    return from_cents(total)


@dataclass(frozen=True)
class GroupOwed:
    owed: Decimal  # what the group owes its members: the SUM of the positive balances
    advances: Decimal  # what members owe the group (advances not yet earned), positive

    @property
    def net(self) -> Decimal:
        return self.owed - self.advances


def owed_of(balances: Iterable[Decimal]) -> GroupOwed:
    """The one rule for "what the group owes its members", from each member's balance.

    A member with an advance outstanding (a negative balance) owes the group; her debt is
    not netted against what the others are owed (the dashboard once did, and showed less
    than the balances page). Every screen reaches this through group_owed, or through
    here with balances it already holds (the balances page, pay day)."""
    owed = Decimal("0.00")
    advances = Decimal("0.00")
    for balance in balances:
        if balance > 0:
            owed += balance
        else:
            advances -= balance
    return GroupOwed(owed=owed, advances=advances)


def group_owed(group: Group, currency: str = "PEN") -> Decimal:
    """What the group owes its members (the dashboard's "por pagar a las socias")."""
    return group_money(group, currency).owed


def group_money(group: Group, currency: str = "PEN") -> GroupOwed:
    """What the group owes its members and what they owe it: one query over the month
    totals, grouped by member."""
    rows = (
        MonthTotal.objects.filter(group=group, currency=currency)
        .order_by()
        .values("member_id")
        .annotate(n=Sum("amount_cents"))
        .values_list("n", flat=True)
    )
    return owed_of(from_cents(n) for n in rows)


# --- her statement, a page at a time ---------------------------------------------------------

STATEMENT_PAGE = 50


@dataclass(frozen=True)
class StatementPage:
    entries: list[LedgerEntry]  # newest first; each has .is_reversed
    older: LedgerEntry | None  # the last line shown, if older lines follow: the next cursor
    count: int  # lines in the period asked (or in all), from the month totals


def statement_page(
    member: Member,
    *,
    after: LedgerEntry | None = None,
    first: date | None = None,
    last: date | None = None,
    size: int = STATEMENT_PAGE,
) -> StatementPage:
    """Her lines, newest first, `size` at a time; `after` is the last line of the page
    before (keyset paging: the cost of a page does not grow with how far back it is).
    Two queries whatever her history: the page (one more line tells if older ones
    follow) and the count from the month totals."""
    entries = LedgerEntry.objects.filter(member=member)
    if first is not None:
        entries = entries.filter(entry_date__gte=first)
    if last is not None:
        entries = entries.filter(entry_date__lte=last)
    if after is not None:
        d, made, pk = after.entry_date, after.created_at, after.pk
        entries = entries.filter(
            Q(entry_date__lt=d)
            | Q(entry_date=d, created_at__lt=made)
            | Q(entry_date=d, created_at=made, id__lt=pk)
        )
    rows = list(
        entries.annotate(
            is_reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk")))
        ).order_by("-entry_date", "-created_at", "-id")[: size + 1]
    )
    older = rows[size - 1] if len(rows) > size else None
    return StatementPage(
        entries=rows[:size], older=older, count=_lines_between(member, first, last)
    )


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _lines_between(member: Member, first: date | None, last: date | None) -> int:
    """How many lines she has from `first` to `last`: the months wholly inside from the
    month totals, the days of the (at most two) months cut by the ends counted in the
    ledger itself, so the cost is bounded by two months of her lines."""
    whole = MonthTotal.objects.filter(member=member)
    cut = LedgerEntry.objects.none()
    if first is not None or last is not None:
        start = first if first is None or first.day == 1 else _next_month(first)
        if last is None:
            end = None
        elif _next_month(last) - last == timedelta(days=1):  # the last day of its month
            end = _next_month(last)
        else:
            end = last.replace(day=1)
        if start is not None:
            whole = whole.filter(month__gte=start)
        if end is not None:
            whole = whole.filter(month__lt=end)
        cut = LedgerEntry.objects.filter(member=member)
        if first is not None:
            cut = cut.filter(entry_date__gte=first)
        if last is not None:
            cut = cut.filter(entry_date__lte=last)
        inside = Q()
        if start is not None:
            inside &= Q(entry_date__gte=start)
        if end is not None:
            inside &= Q(entry_date__lt=end)
        if start is not None and end is not None and start >= end:
            whole = whole.none()
        else:
            cut = cut.exclude(inside)
    counted = whole.aggregate(n=Sum("entries"))["n"] or 0
    return int(counted) + cut.count()


def statement_entry(member: Member, entry_id: uuid.UUID) -> LedgerEntry | None:
    """One of her lines by id (a page cursor), or None if it is not hers."""
    return LedgerEntry.objects.filter(member=member, id=entry_id).first()


# --- what a receipt pays ---------------------------------------------------------------------


@dataclass(frozen=True)
class PaidWork:
    entry: LedgerEntry  # a line she earned (earning, sale share, host's pay) or a deduction
    amount: Decimal  # the part of it this payout pays (negative: deducted from it)

    @property
    def partial(self) -> bool:
        return self.amount != self.entry.amount

    @property
    def is_deduction(self) -> bool:
        return self.amount < 0


DEDUCTED_KINDS = [EntryKind.FINE, EntryKind.ADVANCE]


def earnings_in_payout(payout: Payout) -> list[PaidWork]:
    """Every line a receipt pays: what she earned (piece earnings, sale shares, a host's
    pay), first earned, first paid; then what is deducted from it (fines, and advances
    handed over since her last payout).

    Her debits (payouts, advances, fines; those not corrected) use up her credits in the
    order they were recorded. A payout settles, with it, the fines and advances recorded
    since her previous ordinary payout: those are listed on it as deductions, and the
    credits it covers are as many as the payout plus those deductions. A line can be
    paid in part on two receipts. Work recorded after the payout is not on it, and an
    advance beyond what she had earned covers no work yet.
    """
    mine = LedgerEntry.objects.filter(
        member_id=payout.member_id, currency=payout.currency, reversed_by__isnull=True
    )
    deductions: list[LedgerEntry] = []
    if not payout.is_advance:
        previous = (
            mine.filter(
                kind=EntryKind.PAYOUT,
                payout__created_at__lt=payout.created_at,
            )
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        since = mine.filter(kind__in=DEDUCTED_KINDS, created_at__lt=payout.created_at)
        if previous is not None:
            since = since.filter(created_at__gt=previous)
        deductions = list(since.order_by("created_at", "id"))
    debits = mine.filter(
        Q(kind__in=PAID_KINDS, payout__created_at__lt=payout.created_at)
        | Q(kind=EntryKind.FINE, created_at__lt=payout.created_at)
    ).exclude(pk__in=[d.pk for d in deductions])
    start = -debits.balance()
    end = start + payout.amount - sum((d.amount for d in deductions), Decimal("0"))
    covered: list[PaidWork] = []
    order = [F("created_at").asc(), F("id").asc()]
    # What she had earned up to and with each line, summed by the database: the lines that
    # earlier debits used up stay there (years of them for her newest receipt).
    earned = (
        mine.filter(kind__in=EARNED_KINDS, created_at__lte=payout.created_at)
        .annotate(reached=Window(Sum("amount"), order_by=order))
        .filter(reached__gt=start, reached__lt=F("amount") + end)  # begins before the end
        .order_by(*order)
    )
    for entry in earned:
        reached = entry.reached
        part = min(reached, end) - max(reached - entry.amount, start)
        if part > 0:
            covered.append(PaidWork(entry, part))
        if reached >= end:
            break
    return covered + [PaidWork(d, d.amount) for d in deductions]
