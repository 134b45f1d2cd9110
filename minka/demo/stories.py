"""The demo, told in order: who joined, what was ordered and made, and the group's life
around it (trainings, meetings with fines, sales)."""

import math
from decimal import Decimal

from minka.demo.base import DemoResult
from minka.demo.orders import OrdersBuilder
from minka.demo.specs import CAMACANI, JULI
from minka.members.models import Group, Organisation


class DemoBuilder(OrdersBuilder):
    def build(self) -> DemoResult:
        specs = (CAMACANI, JULI)
        names = {spec.code: self._names(spec) for spec in specs}
        org, groups = self._groups(names)
        for group, spec in zip(groups, specs, strict=True):
            self._members(group, spec, names[spec.code])
        self._users(org, groups)
        for group, spec in zip(groups, specs, strict=True):
            self._catalogue(group, spec)
        camacani, juli = groups
        self._camacani_past_order(camacani)
        self._camacani_season_order(camacani)
        self._juli_order(juli)
        self._camacani_learning(camacani)
        self._camacani_governance(camacani)
        self._camacani_coming_days(camacani)
        self._camacani_sales(camacani)
        self._link_member_user(camacani)
        self._camacani_tourism(camacani)
        self._organisation_desk(org)
        self._sharing_consents(groups)
        return DemoResult(organisation=org, groups=groups, counts=self.counts)

    def _sharing_consents(self, groups: list[Group]) -> None:
        """Most members agreed, when the group began to share, that the organisation may
        see their names (what sync sends to central); a few were not asked yet, so central
        shows them as "Socia 0005" with no phone or community (minka.privacy.shared).
        Last, so the rest of the demo stays as it was."""

        from minka.privacy.models import ConsentMethod, Purpose
        from minka.privacy.services import consent_record

        given = 0
        for group in groups:
            by = self._coordinator(group.code)
            for member in self.members[group.code]:
                if member.number % 10 == 5:
                    continue
                consent_record(
                    member=member,
                    purpose=Purpose.SHARE,
                    given=True,
                    method=ConsentMethod.THUMBPRINT if member.number % 3 else ConsentMethod.SIGNED,
                    # Asked when the group began to share with the network, not years before.
                    decided_on=max(member.joined_on, self.day(180)),
                    by=by,
                )
                given += 1
        self.count("consents", given)
        self.say(f"Consentimientos para compartir con la red: {given}")

    def _camacani_tourism(self, group: Group) -> None:
        """A season of visits: experiences, hosts, bookings, paid visits (own random
        generator, so the rest of the demo stays as it was)."""
        import random

        from minka.demo.specs import SEED
        from minka.ledger.models import EntryKind, LedgerEntry
        from minka.tourism.demodata import tourism_demo

        # Members who took an advance do not host in the demo, so it still shows what an
        # advance looks like on her page.
        owing = set(
            LedgerEntry.objects.filter(group=group, kind=EntryKind.ADVANCE).values_list(
                "member_id", flat=True
            )
        )
        visits = tourism_demo(
            group=group,
            members=[m for m in group.members.all() if m.id not in owing],
            rng=random.Random(f"{SEED}:tourism"),
            today=self.today,
        )
        self.say(f"Turismo: {visits} visitas en la temporada")

    def _organisation_desk(self, org: Organisation) -> None:
        """A project over both groups, with donors, budget and spending, and the desk's
        monthly figures computed, so staff see the organisation's pages filled."""
        import random

        from minka.impact.indicators import Period, add_months, month_start
        from minka.organisation.rollup import group_months_refresh
        from minka.organisation.seeddata import projects_generate

        projects_generate(
            organisation=org,
            groups=org.groups.all(),
            rng=random.Random(2026),
            scale="demo",
            today=self.today,
        )
        last = month_start(self.today)
        group_months_refresh(
            organisation=org, period=Period(add_months(last, -12), last), today=self.today
        )

    def _camacani_learning(self, group: Group) -> None:
        """Four trainings of the last months, one of them on rights (sensitive)."""
        from minka.learning import services as learning

        active = [m for m in self.members[group.code] if m.is_active]
        knitting = self.techniques["Tejido a palitos"]
        plans = [
            ("Control de calidad de chompas", "quality", 120, 2, Decimal("3"), None, False),
            ("Costos y precio justo", "costing", 90, 1, Decimal("4"), None, False),
            ("Trenzas y calados: nivel avanzado", "technique", 75, 3, Decimal("3"), 3, False),
            (
                "Derechos de la mujer y vida sin violencia",
                "rights",
                45,
                1,
                Decimal("3"),
                None,
                True,
            ),
        ]
        attendances = certified = 0
        for topic, kind, start, sessions, hours, level, sensitive in plans:
            training = learning.training_create(
                group=group,
                topic=topic,
                kind=kind,
                starts_on=self.day(start),
                ends_on=self.day(start - 14),
                sensitive=sensitive,
                place="Local comunal",
                trainer_name="" if kind == "technique" else "Equipo de la red",
                trainer_member=active[0] if kind == "technique" else None,
                technique=knitting if level else None,
                level=level,
            )
            came = self.rng.sample(active[1:], k=min(len(active) - 1, self.rng.randint(12, 22)))
            for i in range(sessions):
                session = learning.session_add(
                    training=training, held_on=self.day(start - 7 * i), hours=hours
                )
                present = [m for m in came if self.rng.random() < 0.9]
                guests = ["Esposo de una socia"] if kind == "rights" and i == 0 else []
                attendances += learning.attendance_record(
                    session=session, members=present, guests=guests
                )
            if level:
                for member in came[:6]:
                    learning.certificate_issue(
                        training=training, member=member, on=self.day(start - 14), passed=True
                    )
                    certified += 1
        self.count("trainings", len(plans))
        self.say(
            f"Capacitaciones: {len(plans)} (una sobre derechos, reservada), {attendances} "
            f"asistencias, {certified} socias certificadas en tejido avanzado"
        )

    def _camacani_governance(self, group: Group) -> None:
        """Two committee terms, weekly meetings of the last month and an assembly."""
        from minka.governance import services as governance
        from minka.governance.models import MeetingKind, Post

        active = [m for m in self.members[group.code] if m.is_active]
        governance.rules_set(group=group, fine_per_absence=Decimal("5.00"), quorum_percent=50)
        past = governance.term_create(group=group, starts_on=self.day(730), ends_on=self.day(366))
        now = governance.term_create(group=group, starts_on=self.day(365), ends_on=self.day(-365))
        posts = list(Post.values)
        for term, holders in (
            (past, active[6:12]),
            (now, [active[1], *active[2:4], active[4], *active[12:14]]),
        ):
            for post, member in zip(posts, holders, strict=False):
                governance.post_assign(term=term, post=post, member=member)
        meetings = 0
        for weeks_ago in (4, 3, 2, 1):
            meeting = governance.meeting_create(
                group=group,
                kind=MeetingKind.WEEKLY,
                held_on=self.day(7 * weeks_ago),
                agenda="Avance del pedido de temporada; entregas de la semana",
            )
            governance.meeting_attendance_record(
                meeting=meeting, members=[m for m in active if self.rng.random() < 0.75]
            )
            meetings += 1
        assembly = governance.meeting_create(
            group=group,
            kind=MeetingKind.ASSEMBLY,
            held_on=self.day(30),
            agenda="Balance del pedido anterior; precio de las chalinas; feria de diciembre",
            minutes="Se aprobó el balance y se eligió a las socias que irán a la feria.",
        )
        present = [m for m in active if self.rng.random() < 0.85]
        governance.meeting_attendance_record(meeting=assembly, members=present)
        governance.agreement_add(
            meeting=assembly,
            text="Llevar 40 chalinas a la feria de diciembre en Puno",
            responsible=active[1],
            due_on=self.day(-20),
        )
        governance.vote_record(
            meeting=assembly,
            question="¿Subir el precio de las chalinas?",
            yes=len(present) - 5,
            no=3,
            abstain=2,
        )
        fines = governance.fines_apply(meeting=assembly, by=self._coordinator(group.code))
        self.count("meetings", meetings + 1)
        self.say(
            f"Junta directiva: 2 periodos; {meetings} reuniones semanales y 1 asamblea "
            f"({len(present)} de {len(active)} presentes, {len(fines)} multas de S/ 5.00)"
        )

    def _camacani_coming_days(self, group: Group) -> None:
        """What a member's start page looks ahead to: the next weekly meeting, which the
        coordinator already put on the calendar, and the pay day the treasurer announced."""
        from minka.governance import services as governance
        from minka.governance.models import MeetingKind
        from minka.portal.services import payday_set

        meeting = governance.meeting_create(
            group=group,
            kind=MeetingKind.WEEKLY,
            held_on=self.day(-3),
            agenda="Entregas de la semana; preparar la feria de diciembre",
        )
        payday = payday_set(group=group, next_on=self.day(-5), by=self.users["tesorera"])
        self.count("meetings")
        self.say(
            f"Próxima reunión: {meeting.held_on:%d/%m}; próximo día de pago: {payday.next_on:%d/%m}"
        )

    # selling

    def _camacani_sales(self, group: Group) -> None:
        """Pieces members made for sale: the shop, a fair, a partner store in Puno."""
        from minka.sales import services as sales
        from minka.sales.models import ExpenseCategory, Location, LocationKind

        by = self.users["tesorera"]
        products = list(self.products[group.code].values())
        makers = [m for m in self.members[group.code] if m.is_active][5:17]
        shop = sales.location_create(
            group=group, name="Tienda del local comunal", kind=LocationKind.SHOP
        )
        fair = sales.location_create(
            group=group, name="Feria de Alasitas, Puno", kind=LocationKind.FAIR
        )
        store = sales.location_create(
            group=group,
            name="Tienda aliada Killa (Puno, ficticia)",
            kind=LocationKind.STORE,
            commission_percent=Decimal("30"),
        )
        made = 0
        for maker in makers:
            product = self.rng.choice(products)
            n = self.rng.randint(2, 5)
            sales.stock_add_own(
                location=shop, product=product, maker=maker, quantity=n, on=self.day(45), by=by
            )
            made += n

        def items(where: Location, share: float) -> list[sales.Item]:
            picked = []
            for level in sales.stock_levels(group, where):
                n = math.ceil(level.quantity * share)  # at least one of each batch
                if n:
                    picked.append(sales.Item(level.product, level.maker, level.origin, n))
            return picked

        sales.stock_move(source=shop, target=fair, items=items(shop, 0.4), on=self.day(26), by=by)
        sold = 0
        for i, chunk in enumerate(items(fair, 0.7)):
            sales.sale_record(
                location=fair,
                items=[chunk],
                method=("cash", "yape")[i % 2],
                on=self.day(25),
                by=by,
            )
            sold += chunk.quantity
        sales.stock_move(source=shop, target=store, items=items(shop, 0.5), on=self.day(35), by=by)
        reported = items(store, 0.5)
        sales.store_report(
            store=store, sold=reported, returned=[], back_to=None, on=self.day(15), by=by
        )
        settlement = sales.settlement_make(store=store, start=self.day(35), end=self.day(14), by=by)
        # The store paid by bank transfer: it is in the cash book (issue 16).
        sales.settlement_paid(
            settlement=settlement,
            amount=settlement.owed_to_group,
            method="transfer",
            on=self.day(10),
            by=by,
        )
        sales.fund_expense(
            group=group,
            amount=Decimal("36.00"),
            category=ExpenseCategory.TRANSPORT,
            description="Pasajes a la feria de Puno",
            on=self.day(26),
            by=by,
        )
        for product in products[:3]:
            sales.catalogue_entry_save(
                product=product,
                public=True,
                design_story="Tejido a mano con hilo de alpaca de la zona, en colores naturales.",
                maker=None,
                maker_story="",
                maker_consent=False,
            )
        in_store = sum(i.quantity for i in reported)
        self.say(
            f"Ventas: {made} piezas hechas por {len(makers)} socias para la venta; "
            f"{sold} vendidas en la feria, {in_store} vendidas por la tienda aliada y liquidadas"
        )
