"""A generated group at work: orders, allocations, yarn, deliveries with quality control,
earnings, corrections and month-end payouts (see gen_group.py for the shapes)."""

from datetime import date, timedelta
from decimal import Decimal

from minka.demo.gen_group import DEFECTS, Design, GroupBuilder, MemberPlan
from minka.demo.ledger_rows import AMOUNT, earning_row, entry_row
from minka.demo.rows import add_months, money
from minka.ledger.models import EntryKind
from minka.members.models import Sequence as NumberSequence
from minka.production.models import (
    Allocation,
    Delivery,
    Grade,
    MaterialMove,
    Order,
    OrderLine,
    QualityCheck,
)


class GeneratedGroup(GroupBuilder):
    def build_work(self) -> None:
        """People, designs, orders, deliveries and earnings: everything before pay days."""
        self._group()
        self._members()
        self._catalogue()
        for m in range(self.scale.months):
            self._orders_of(add_months(self.start, m))
        self._earnings()

    def finish(self) -> None:
        """Month-end payouts, then the number sequences."""
        self._pay_month_ends()
        self.add(NumberSequence, (self.group_id, "order", self.order_n))
        self.add(NumberSequence, (self.group_id, "receipt", self.receipt_n))
        self.sink.group_done()

    def _orders_of(self, month: date) -> None:
        rng, clock, site, today = self.rng, self.clock, self.site, self.today
        by = self.coordinator_id
        for _k in range(1 + (rng.random() < 0.4)):
            ordered = month + timedelta(days=rng.randrange(20))
            if ordered > today:
                continue
            self.order_n += 1
            order_number = f"{site}-{self.code}-P{self.order_n:04d}"
            deadline = ordered + timedelta(days=rng.randrange(45, 76))
            if deadline < today - timedelta(days=30):
                status = "paid"
            elif deadline < today:
                status = "delivered"
            else:
                status = "in_production"
            dollars = rng.random() < 0.7
            oid, made = clock.stamp(ordered, 15)
            self.add(
                Order,
                (
                    oid, site, made, self.group_id, rng.choice(self.buyers), order_number,
                    status, "USD" if dollars else "PEN",
                    f"3.{rng.randint(6500, 8200)}" if dollars else "1.0000",
                    ordered.isoformat(), deadline.isoformat(), "", by,
                ),
            )  # fmt: skip
            lines = []
            for design in rng.sample(self.designs, rng.choice((1, 2, 2, 3))):
                lid, made = clock.stamp(ordered, 15)
                lines.append((lid, made, design, [0]))
            able = [
                x
                for x in self.members
                if x.joined_on <= ordered and (x.left_on is None or x.left_on > deadline)
            ]
            for member in able:
                if rng.random() > 0.92:
                    continue
                lid, _made, design, total = lines[rng.randrange(len(lines))]
                quantity = rng.randint(3, 12)
                total[0] += quantity
                self._allocation(member, lid, design, quantity, ordered, order_number)
            for lid, made, design, total in lines:
                price = money(int(design.product.rate_a * 100) * 5 // 2)
                self.add(OrderLine, (lid, site, made, oid, design.id, max(total[0], 1), price))

    def _allocation(
        self,
        member: MemberPlan,
        lid: str,
        design: Design,
        quantity: int,
        ordered: date,
        number: str,
    ) -> None:
        rng, clock, site, by = self.rng, self.clock, self.site, self.coordinator_id
        alloc_day = ordered + timedelta(days=2)
        aid, made = clock.stamp(alloc_day, 16)
        self.add(Allocation, (aid, site, made, lid, member.id, quantity, "", by))
        self.add(
            MaterialMove,
            (
                *clock.head(alloc_day, 16), self.group_id, member.id, design.material_id,
                "issue", f"{quantity * 150}.0", alloc_day.isoformat(), aid, by,
            ),
        )  # fmt: skip
        if rng.random() < 0.5:
            parts = [(quantity, rng.randrange(20, 40))]
        else:
            first = quantity // 2
            parts = [(first, rng.randrange(14, 25)), (quantity - first, rng.randrange(30, 45))]
        for pieces, after in parts:
            received = ordered + timedelta(days=after)
            if received > self.today:
                break
            did, made = clock.stamp(received, 17)
            self.add(Delivery, (did, site, made, aid, received.isoformat(), pieces, by))
            grades = {Grade.A: 0, Grade.B: 0, Grade.REWORK: 0, Grade.REJECTED: 0}
            for _p in range(pieces):
                r = rng.random()
                grade = (
                    Grade.A
                    if r < 0.84
                    else Grade.B
                    if r < 0.94
                    else Grade.REWORK
                    if r < 0.97
                    else Grade.REJECTED
                )
                grades[grade] += 1
            defect = rng.choice(DEFECTS) if grades[Grade.REWORK] or grades[Grade.REJECTED] else ""
            for grade, n in grades.items():
                if n:
                    bad = grade in (Grade.REWORK, Grade.REJECTED)
                    self.add(
                        QualityCheck,
                        (*clock.head(received, 17), did, str(grade), n, defect if bad else ""),
                    )
            # What each grade earns is the design's own rule, as delivery_record asks it;
            # grades that earn nothing come back as zero and write nothing.
            for grade, n in grades.items():
                rate = design.product.rate_for(grade)
                if n and rate:
                    label = f"{design.name} — {self.grade_names[grade]} ({number})"
                    self.earnings.append((did, label, received, n, member.id, rate))

    def _earnings(self) -> None:
        """The ledger: earnings as delivery_record writes them, a few corrections."""
        by_id = {x.id: x for x in self.members}
        for did, description, received, n, member_id, rate in self.earnings:
            head = self.clock.head(received, 17)
            row = earning_row(
                head=head,
                group_id=self.group_id,
                member_id=member_id,
                quantity=n,
                unit_amount=rate,
                entry_date=received,
                description=description,
                source_type="production.delivery",
                source_id=did,
                by_id=self.coordinator_id,
            )
            if row is None:
                continue
            self.sink.add_entry(row)
            amount = Decimal(row[AMOUNT])
            by_id[member_id].events.append((received, int(amount * 100)))
            fixed = received + timedelta(days=1)
            if self.rng.random() < 0.005 and fixed <= self.today:
                self.sink.add_entry(
                    entry_row(
                        head=self.clock.head(fixed, 18),
                        group_id=self.group_id,
                        member_id=member_id,
                        kind=EntryKind.REVERSAL,
                        amount=-amount,
                        entry_date=fixed,
                        description=f"Corrige: {description} — error de conteo",
                        quantity=n,
                        unit_amount=rate,
                        reverses_id=head[0],
                        by_id=self.coordinator_id,
                    ),
                )
                by_id[member_id].events.append((fixed, -int(amount * 100)))

    def _pay_month_ends(self) -> None:
        """Month-end payouts of the whole balance; now and then an advance."""
        rng, clock, site = self.rng, self.clock, self.site
        for member in self.members:
            member.events.sort()
        cursor = {x.id: 0 for x in self.members}
        balance = {x.id: 0 for x in self.members}
        for m in range(self.scale.months):
            payday = add_months(self.start, m) + timedelta(days=27)
            if payday > self.today:
                break
            for member in self.members:
                if member.joined_on > payday or (member.left_on and member.left_on < payday):
                    continue
                events, i = member.events, cursor[member.id]
                while i < len(events) and events[i][0] <= payday:
                    balance[member.id] += events[i][1]
                    i += 1
                cursor[member.id] = i
                owed = balance[member.id]
                advance = owed <= 0 and rng.random() < 0.01
                if owed <= 0 and not advance:
                    continue
                amount = 5000 if advance else owed
                self.receipt_n += 1
                receipt = f"{site}-{self.code}-R{self.receipt_n:04d}"
                pay_id, made = clock.stamp(payday, 20)
                self.sink.add_payout(
                    (
                        pay_id, site, made, self.group_id, member.id, receipt, money(amount),
                        "PEN", payday.isoformat(),
                        rng.choice(("cash", "cash", "cash", "yape", "transfer")), advance,
                        self.coordinator_id,
                    ),
                )  # fmt: skip
                self.sink.add_entry(
                    entry_row(
                        head=clock.head(payday, 20),
                        group_id=self.group_id,
                        member_id=member.id,
                        kind=EntryKind.ADVANCE if advance else EntryKind.PAYOUT,
                        amount=-Decimal(money(amount)),
                        entry_date=payday,
                        description=f"Recibo {receipt}",
                        payout_id=pay_id,
                        by_id=self.coordinator_id,
                    ),
                )
                balance[member.id] -= amount
