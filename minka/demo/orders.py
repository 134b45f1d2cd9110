"""The demo's orders: Camacani's last season and this season, Juli's weaving order."""

from decimal import Decimal

from django.db.models import Sum

from minka.demo.base import BuilderBase
from minka.demo.specs import GRADES_DONE, GRADES_NOW
from minka.ledger.models import LedgerEntry, PayMethod
from minka.ledger.services import entry_reverse, member_balance, payout_make
from minka.members.models import Group
from minka.production.models import MoveKind, OrderStatus
from minka.production.services import allocation_progress, material_move_record, order_set_status


class OrdersBuilder(BuilderBase):
    # pay days

    def _pay_day(self, group: Group, on: int, share: float, minimum: Decimal) -> int:
        """The treasurer pays, in member order, most of those owed at least `minimum`."""
        paid = 0
        for m in self.members[group.code]:
            balance = member_balance(m)
            if balance >= minimum and self.rng.random() < share:
                method = self.rng.choices([PayMethod.CASH, PayMethod.YAPE], weights=[7, 3])[0]
                payout_make(
                    member=m,
                    amount=balance,
                    paid_on=self.day(on),
                    method=method,
                    by=self.users["tesorera"],
                )
                paid += 1
                self.count("payouts")
        return paid

    def _pay_day_with_a_slip(self, group: Group, on: int) -> int:
        """A pay day on which the treasurer first writes the wrong name, then corrects it."""
        owed = [(m, member_balance(m)) for m in self.members[group.code]]
        owed = [(m, b) for m, b in owed if b >= Decimal("20")]
        # The slip: the next name on the list, who was owed at least as much.
        slip = next((i for i in range(len(owed) - 1) if owed[i + 1][1] >= owed[i][1]), None)
        tesorera = self.users["tesorera"]
        paid = 0
        if slip is not None:
            (meant, amount), (wrong, _b) = owed[slip], owed[slip + 1]
            mistaken = payout_make(
                member=wrong,
                amount=amount,
                paid_on=self.day(on),
                method=PayMethod.CASH,
                by=tesorera,
            )
            entry_reverse(
                entry=LedgerEntry.objects.get(payout=mistaken),
                reason=f"Se anotó a otra socia; el pago era para {meant.full_name}",
                by=tesorera,
                on=self.day(on),
            )
            payout_make(
                member=meant,
                amount=amount,
                paid_on=self.day(on),
                method=PayMethod.CASH,
                by=tesorera,
            )
            self.count("payouts", 2)
            self.count("reversals")
            paid = 1
        return paid + self._pay_day(group, on=on, share=0.8, minimum=Decimal("20"))

    def _advances(self, group: Group, on: int) -> int:
        """Two members with little delivered yet ask for an advance (school costs)."""
        low = [
            m
            for m in self.members[group.code]
            if m.is_active
            and member_balance(m) < Decimal("30")
            and m.allocations.filter(line__order__status=OrderStatus.IN_PRODUCTION).exists()
        ]
        chosen = sorted(self.rng.sample(low, min(2, len(low))), key=lambda m: m.number)
        for m in chosen:
            payout_make(
                member=m,
                amount=Decimal("60.00"),
                paid_on=self.day(on),
                method=PayMethod.CASH,
                by=self.users["tesorera"],
                as_advance=True,
            )
            self.count("payouts")
            self.count("advances")
        return len(chosen)

    def _camacani_past_order(self, group: Group) -> None:
        """An order of last season: made, delivered, paid by the buyer, paid out."""
        order = self._order(
            group,
            currency="USD",
            rate="3.7180",
            ordered=160,
            due=-100,
            lines=[("CL-01", 60, "13.50"), ("GR-01", 80, "9.00"), ("BL-01", 20, "17.00")],
            notes="Pedido de otoño-invierno del hemisferio norte.",
        )
        allocations = self._allocate(group, order, on=158)
        grams = self._issue_yarn(group, allocations, on=157)
        batches = [
            b
            for i, a in enumerate(allocations)
            for b in self._batches(i, a, a.quantity, (138, 131, 124, 117, 110))
        ]
        before = dict(self.counts)
        self._weeks(batches, GRADES_DONE, {})
        # What was sent back to rework comes in good before the deadline.
        for a in allocations:
            left = a.quantity - allocation_progress(a).accepted
            if left:
                self._deliver(a, left, 105, (("A", 1),))
        graded = self._graded_since(before)
        # Leftover yarn comes back to the store.
        returned = 0
        for a in allocations:
            for pm in a.line.product.materials.select_related("material").order_by("grams"):
                moves = a.material_moves.filter(material=pm.material)
                issued = moves.aggregate(g=Sum("grams"))
                left = issued["g"] - pm.grams * a.quantity
                if left >= 20 and self.rng.random() < 0.7:
                    material_move_record(
                        member=a.member,
                        material=pm.material,
                        kind=MoveKind.RETURN,
                        grams=left,
                        lot=moves.values_list("lot", flat=True).first() or "",
                        moved_on=self.day(104),
                        by=self._coordinator(group.code),
                        allocation=a,
                    )
                    returned += 1
                    self.count("material_moves")
        order_set_status(order=order, status=OrderStatus.DELIVERED)
        order_set_status(order=order, status=OrderStatus.PAID)
        paid = self._pay_day(group, on=92, share=1.0, minimum=Decimal("0.01"))
        pieces = sum(a.quantity for a in allocations)
        self.say(
            f"Pedido anterior {order.number}: {pieces} piezas en {len(allocations)} encargos, "
            f"{grams / 1000:.1f} kg de hilo ({returned} devoluciones de sobrantes); {graded}; "
            f"entregado al cliente y cobrado; {paid} socias cobraron"
        )

    def _camacani_season_order(self, group: Group) -> None:
        """This season's export order, about half made: deliveries, QC, payouts, advances."""
        order = self._order(
            group,
            currency="USD",
            rate="3.7520",
            ordered=56,
            due=35,
            lines=[
                ("CH-01", 30, "38.00"),
                ("CL-01", 80, "14.00"),
                ("GR-01", 120, "9.50"),
                ("GU-01", 60, "11.00"),
            ],
            notes="Pedido de temporada para la campaña de invierno. Etiquetas del cliente.",
        )
        allocations = self._allocate(group, order, on=54)
        grams = self._issue_yarn(group, allocations, on=52)
        members = {a.member_id for a in allocations}
        self.say(
            f"Pedido de temporada {order.number} en US$ (tipo de cambio {order.exchange_rate}): "
            f"{order.lines.count()} líneas, {sum(a.quantity for a in allocations)} piezas "
            f"repartidas a {len(members)} socias como propuso Minka; "
            f"{grams / 1000:.1f} kg de hilo entregados"
        )
        # How far each one got: a few finished, most half-way, a few not started.
        paces = [1.0] * 3 + [0.8] * 4 + [0.6] * 5 + [0.4] * 4 + [0.2] * 2 + [0.0] * 2
        batches = []
        for i, a in enumerate(allocations):
            slow = a.line.product.standard_minutes >= 600
            days = (28, 21, 14, 7, 2) if slow else (35, 28, 21, 14, 7, 2)
            done = min(a.quantity, round(a.quantity * self.rng.choice(paces)))
            batches.extend(self._batches(i, a, done, days))
        before = dict(self.counts)
        pay: dict[str, int] = {}

        def first_pay_day() -> None:
            pay["first"] = self._pay_day_with_a_slip(group, on=20)

        def second_pay_day() -> None:
            pay["second"] = self._pay_day(group, on=13, share=0.6, minimum=Decimal("20"))

        def advances() -> None:
            pay["advances"] = self._advances(group, on=10)

        self._weeks(batches, GRADES_NOW, {20: first_pay_day, 13: second_pay_day, 10: advances})
        self.say(f"En las últimas 5 semanas, {self._graded_since(before)}")
        receipts = self.counts.get("payouts", 0) - before.get("payouts", 0)
        self.say(
            f"Pagos de la tesorera: {receipts} recibos ({pay['first']} y {pay['second']} "
            f"socias en dos días de pago), {pay['advances']} adelantos y 1 corrección "
            "(un pago anotado a otra socia)"
        )

    def _juli_order(self, group: Group) -> None:
        """A smaller order in soles from a Lima shop, under way."""
        order = self._order(
            group,
            currency="PEN",
            rate="1",
            ordered=42,
            due=28,
            lines=[("MT-01", 10, "260.00"), ("CM-01", 16, "110.00"), ("CL-02", 24, "65.00")],
            notes="Para la tienda de Barranco; mantas en colores naturales.",
        )
        allocations = self._allocate(group, order, on=40)
        grams = self._issue_yarn(group, allocations, on=39)
        paces = [1.0] * 2 + [0.7] * 3 + [0.5] * 3 + [0.3] * 2 + [0.0] * 1
        batches = []
        for i, a in enumerate(allocations):
            done = min(a.quantity, round(a.quantity * self.rng.choice(paces)))
            batches.extend(self._batches(i, a, done, (21, 14, 7)))
        before = dict(self.counts)
        self._weeks(batches, GRADES_NOW, {})
        self.say(
            f"JUL: pedido {order.number} en soles, {sum(a.quantity for a in allocations)} "
            f"piezas en {len(allocations)} encargos, {grams / 1000:.1f} kg de hilo; "
            f"{self._graded_since(before)}"
        )
