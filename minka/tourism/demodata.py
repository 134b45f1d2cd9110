"""A season of visits for the demo: what Camacani offers, its hosts, and about 200 visits
over the last six months (done, a few cancelled) with some coming, all written through
the tourism services so the cash book, the hosts' ledgers and the fund are real sums.

Called by `minka demo` after the groups exist: tourism_demo(group=..., members=...,
rng=random.Random(...), today=...). It uses the group's coordinator as the person who
records everything."""

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from minka.cash.models import CashEntry, CashMethod, Direction
from minka.ledger.bulk import ledger_rows_insert
from minka.ledger.models import EntryKind, LedgerEntry
from minka.lib.ids import uuid7
from minka.lib.models import current_site_code, record_changes
from minka.lib.money import cents
from minka.members.models import Group, GroupRole, Member, Role, Skill, Technique
from minka.members.models import Sequence as NumberSequence
from minka.sales.models import FundEntry, FundKind
from minka.tourism import payments, selectors, services
from minka.tourism.models import (
    FORGET_AFTER_DAYS,
    Booking,
    BookingStatus,
    Channel,
    Experience,
    ExperienceKind,
    HostAssignment,
    HostShareMode,
)
from minka.tourism.rotation import HostCandidate, propose_hosts

SEASON_DAYS = 180
AGENCIES = ("Andes Tours Puno", "Titicaca Viajes", "Altiplano Trek")


def _experiences(group: Group, technique: Technique | None) -> list[Experience]:
    specs = [
        dict(
            kind=ExperienceKind.DEMONSTRATION,
            name_es="Demostración de tejido a palitos",
            name_en="Knitting demonstration",
            description_es="Una hora con las socias: del vellón de alpaca a la chompa.",
            description_en="An hour with the members: from alpaca fleece to sweater.",
            price_pen=Decimal("25.00"),
            price_usd=Decimal("7.00"),
            hosts_percent=Decimal("60"),
            capacity=30,
            days=[0, 1, 2, 3, 4, 5, 6],
            visitors_per_host=15,
            technique=technique,
            min_level=2,
        ),
        dict(
            kind=ExperienceKind.CLASS,
            name_es="Clase de tejido",
            name_en="Knitting class",
            description_es="Tres horas aprendiendo un punto trenzado; se lleva su muestra.",
            description_en="Three hours learning a cable stitch; take your sample home.",
            price_pen=Decimal("80.00"),
            price_usd=Decimal("22.00"),
            hosts_percent=Decimal("70"),
            capacity=12,
            days=[1, 3, 5],
            visitors_per_host=6,
            technique=technique,
            min_level=3,
        ),
        dict(
            kind=ExperienceKind.MEAL,
            name_es="Almuerzo en la casa comunal",
            name_en="Lunch at the community hall",
            price_pen=Decimal("35.00"),
            price_usd=Decimal("10.00"),
            share_mode=HostShareMode.FIXED,
            hosts_fixed_pen=Decimal("20.00"),
            capacity=20,
            days=[2, 5, 6],
            visitors_per_host=10,
        ),
        dict(
            kind=ExperienceKind.HOMESTAY,
            name_es="Una noche en casa de una socia",
            name_en="A night in a member's home",
            description_es="Cena, cama y desayuno con una familia de Camacani.",
            description_en="Dinner, bed and breakfast with a Camacani family.",
            price_pen=Decimal("120.00"),
            price_usd=Decimal("33.00"),
            share_mode=HostShareMode.FIXED,
            hosts_fixed_pen=Decimal("85.00"),
            capacity=8,
            days=[0, 1, 2, 3, 4, 5, 6],
            nights=1,
            free_cancel_days=10,
        ),
    ]
    return [services.experience_save(experience=Experience(group=group, **s)) for s in specs]


def tourism_demo(
    *, group: Group, members: Sequence[Member], rng: random.Random, today: date
) -> int:
    """Write the season; return how many visits were booked."""
    role = GroupRole.objects.filter(group=group, role=Role.COORDINATOR).select_related("user")
    coordinator = role.first()
    assert coordinator is not None, "the demo always has a coordinator"
    by: User = coordinator.user
    active = [m for m in members if m.is_active]
    counts = Counter(
        Skill.objects.filter(member__in=active, level__gte=2).values_list("technique", flat=True)
    )
    technique = Technique.objects.get(pk=counts.most_common(1)[0][0]) if counts else None
    with transaction.atomic():
        experiences = _experiences(group, technique)
        for member in rng.sample(active, min(12, len(active))):
            services.host_profile_save(
                member=member,
                beds=rng.choice((1, 2, 2, 3)),
                home_description="",
                story="",
                public_consent=rng.random() < 0.5,
            )
        season = _Season(group, experiences, rng, today, by)
        # Only the members the demo offers host (it keeps some out, e.g. to show an advance).
        allowed = {m.pk for m in active}
        season.hosts = {k: [m for m in v if m.pk in allowed] for k, v in season.hosts.items()}
        return season.run()


class _Season:
    """The season decided in memory by the same rules the services apply (the day is
    offered, capacity, no host twice the same day, the rotation of rotation.py, the split
    of payments.py), then written in a few bulk inserts; the hosts' pay goes through the
    ledger's bulk door (ledger/bulk.py, which keeps the month totals), shaped as entry_add
    shapes an entry. Writing 200 visits one service call at a time costs about 40 queries
    a visit; entry_add for each host's pay, about 15 a host (mostly the sync change log);
    this costs a few dozen queries in all."""

    def __init__(
        self, group: Group, experiences: list[Experience], rng: random.Random, today: date, by: User
    ) -> None:
        self.group = group
        self.experiences = experiences
        self.rng = rng
        self.today = today
        self.by = by
        self.hosts = {e.pk: list(selectors.able_hosts(e)) for e in experiences}
        self.busy: set[tuple[object, date]] = set()
        self.hosted: dict[object, list[date]] = defaultdict(list)
        self.booked: Counter[tuple[object, date]] = Counter()
        self.bookings: list[Booking] = []
        self.assignments: list[HostAssignment] = []
        self.cash: list[CashEntry] = []
        self.fund: list[FundEntry] = []
        self.pay: list[tuple[Member, Decimal, Booking, int]] = []

    def run(self) -> int:
        weights = [5, 2, 3, 2]  # demonstrations most, classes and home stays least
        start = self.today - timedelta(days=SEASON_DAYS)
        for _try in range(400):
            if len(self.bookings) >= 200:
                break
            experience = self.rng.choices(self.experiences, weights=weights)[0]
            day = start + timedelta(days=self.rng.randint(0, SEASON_DAYS + 30))
            self._book(experience, day)
        self._write()
        return len(self.bookings)

    def _candidates(self, experience: Experience, day: date, nights: int) -> list[HostCandidate]:
        days = [day + timedelta(days=i) for i in range(max(nights, 1))]
        since = day - timedelta(days=selectors.LATELY_DAYS)
        found = []
        for m in self.hosts[experience.pk]:
            lately = [d for d in self.hosted[m.pk] if d >= since]
            room = m.host_profile.beds if experience.is_homestay else experience.visitors_per_host
            found.append(
                HostCandidate(
                    member_id=m.pk,
                    number=m.number,
                    name=m.full_name,
                    room=room,
                    hosted_lately=len(lately),
                    last_hosted=max(lately, default=None),
                    busy=any((m.pk, d) in self.busy for d in days),
                )
            )
        return found

    def _book(self, experience: Experience, day: date) -> None:
        rng = self.rng
        if not experience.offered_on(day):
            return
        people = rng.randint(2, min(experience.capacity, 6 if experience.is_homestay else 16))
        if self.booked[(experience.pk, day)] + people > experience.capacity:
            return  # full that day: as in life, another day
        proposal = propose_hosts(people, self._candidates(experience, day, experience.nights))
        if not proposal.picks or (experience.is_homestay and proposal.short):
            return  # no host free that day
        agency = rng.random() < 0.4
        currency = "USD" if rng.random() < 0.15 else "PEN"
        n = len(self.bookings) + 1
        booking = Booking(
            group=self.group,
            experience=experience,
            number=f"{settings.MINKA_SITE_CODE}-{self.group.code}-V{n:04d}",
            status=BookingStatus.CONFIRMED,
            channel=Channel.AGENCY if agency else Channel.DIRECT,
            visit_date=day,
            people=people,
            nights=experience.nights,
            currency=currency,
            price_per_person=experience.price(currency),
            visitor_name="Visitante de la demo",
            agency_name=rng.choice(AGENCIES) if agency else "",
            commission_percent=Decimal(rng.choice((10, 12, 15))) if agency else Decimal(0),
            decided_by=self.by,
        )
        booking.forget_on = booking.last_day + timedelta(days=FORGET_AFTER_DAYS)
        booking.forgotten = booking.forget_on < self.today
        if booking.forgotten:
            booking.visitor_name = ""
        self.booked[(experience.pk, day)] += people
        hosts = []
        for pick in proposal.picks:
            member_id = pick.candidate.member_id
            for i in range(max(experience.nights, 1)):
                self.busy.add((member_id, day + timedelta(days=i)))
            self.hosted[member_id].append(day)
            hosts.append(
                HostAssignment(
                    booking=booking,
                    member_id=member_id,
                    visitors=pick.visitors,
                    first_day=day,
                    last_day=booking.last_day,
                )
            )
        self.bookings.append(booking)
        self.assignments.extend(hosts)
        if day <= self.today:
            self._close(booking, hosts)

    def _cash(
        self, booking: Booking, direction: str, method: str, amount: Decimal, on: date, text: str
    ) -> None:
        self.cash.append(
            CashEntry(
                group=self.group,
                direction=direction,
                method=method,
                amount=amount,
                currency=booking.currency,
                entry_date=on,
                description=text,
                source_type=payments.SOURCE,
                source_id=booking.pk,
                by=self.by,
            )
        )

    def _close(self, booking: Booking, hosts: list[HostAssignment]) -> None:
        rng = self.rng
        method = rng.choices([CashMethod.CASH, CashMethod.YAPE, CashMethod.TRANSFER], [6, 3, 1])[0]
        total = booking.total
        if rng.random() < 0.3:
            booking.deposit = (total * Decimal("0.3")).quantize(Decimal("1"))
            self._cash(
                booking,
                Direction.IN,
                method,
                booking.deposit,
                booking.visit_date - timedelta(days=2),
                f"Adelanto de la visita {booking.number}",
            )
        if rng.random() < 0.05:  # cancelled in time: the deposit goes back
            booking.status = BookingStatus.CANCELLED
            booking.note = "Cambio de planes"
            booking.closed_on = booking.visit_date - timedelta(
                days=booking.experience.free_cancel_days
            )
            if booking.deposit:
                self._cash(
                    booking,
                    Direction.OUT,
                    method,
                    booking.deposit,
                    booking.closed_on,
                    f"Devolución del adelanto, visita {booking.number}",
                )
            booking.received = Decimal("0")
            return
        on = booking.visit_date
        if total > booking.deposit:
            self._cash(
                booking,
                Direction.IN,
                method,
                total - booking.deposit,
                on,
                f"Pago de la visita {booking.number}",
            )
        commission = payments.commission_of(total, booking.commission_percent)
        if commission:
            self._cash(
                booking,
                Direction.OUT,
                method,
                commission,
                on,
                f"Comisión de {booking.agency_name}, visita {booking.number}",
            )
        rate = Decimal("3.7500") if booking.currency == "USD" else None
        net = total - commission if rate is None else cents((total - commission) * rate)
        share = payments.split_share(
            booking.experience, net, booking.people, [h.visitors for h in hosts]
        )
        for host, part in zip(hosts, share.host_parts, strict=True):
            host.pay = part
        if share.fund > 0:
            self.fund.append(
                FundEntry(
                    group=self.group,
                    kind=FundKind.INCOME,
                    amount=share.fund,
                    entry_date=on,
                    description=payments.fund_text(booking, "Visita"),
                    by=self.by,
                )
            )
        booking.status = BookingStatus.DONE
        booking.received, booking.commission, booking.exchange_rate = total, commission, rate
        booking.hosts_amount, booking.fund_amount, booking.closed_on = (
            share.hosts_total,
            share.fund,
            on,
        )

    def _write(self) -> None:
        Booking.objects.bulk_create(self.bookings)
        HostAssignment.objects.bulk_create(self.assignments)
        CashEntry.objects.bulk_create(self.cash)
        FundEntry.objects.bulk_create(self.fund)
        # The hosts' pay through the ledger's bulk door (ledger/bulk.py: the entries and
        # their month totals in one go), each row as entry_add would write it; then the
        # entries are recorded for sync as any bulk_create records its rows.
        at = timezone.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        site = current_site_code()
        rows, ids = [], []
        for host in self.assignments:
            if host.pay:
                booking = host.booking
                entry_id = uuid7()
                ids.append(entry_id)
                on = booking.closed_on or booking.visit_date
                text = payments.host_pay_text(booking, "Visita", host.visitors)[:200]
                head = (entry_id.hex, site, at, self.group.pk.hex, host.member_id.hex)
                money = (EntryKind.HOST_PAY, str(cents(host.pay)), "PEN", on.isoformat())
                rest = (text, host.visitors or None, None, None, None)
                source = (payments.SOURCE, booking.pk.hex, self.by.pk)
                rows.append((*head, *money, *rest, *source))
        ledger_rows_insert(payouts=[], entries=rows)
        record_changes(list(LedgerEntry.objects.filter(id__in=ids)))
        sequence, _created = NumberSequence.objects.get_or_create(group=self.group, name="booking")
        NumberSequence.objects.filter(pk=sequence.pk).update(last=len(self.bookings))
