"""A generated group's life beyond orders, written through the services: trainings with
sessions and attendance, weekly meetings and assemblies with fines, and local sales
(the shop, a fair, a partner store with its settlement).

These go through the same services the screens use, one call at a time, so fines and
sale shares reach the ledger through its door with the amounts the rules give; the pay
days of gen_work.py then pay them out. It is slower than the bulk rows, so a federation
gives this life to a sample of its groups (Scale.community_every), the measured first
group always among them.
"""

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from minka.demo.gen_work import GeneratedGroup
from minka.demo.rows import add_months
from minka.governance import services as governance
from minka.governance.models import Meeting, MeetingKind, Post
from minka.learning import services as learning
from minka.learning.models import Attendance, Training
from minka.ledger.models import LedgerEntry
from minka.members.models import Group, Member, MemberStatus, Technique
from minka.production.models import Product
from minka.sales import services as sales
from minka.sales.models import ExpenseCategory, Location, LocationKind, Sale

# (topic, kind, sessions, hours, certifies a level)
TRAININGS = (
    ("Control de calidad de chompas", "quality", 2, Decimal("3"), None),
    ("Costos y precio justo", "costing", 1, Decimal("4"), None),
    ("Trenzas y calados: nivel avanzado", "technique", 3, Decimal("3"), 3),
    ("Nuevos diseños para la temporada", "product", 2, Decimal("2.5"), None),
    ("Liderazgo y rotación de cargos", "leadership", 1, Decimal("3"), None),
)
FINE = Decimal("5.00")


class Community:
    def __init__(self, work: GeneratedGroup, *, seed: int) -> None:
        self.work = work
        self.today = work.today
        self.rng = random.Random(f"{seed}:{work.index}:community")
        self.group = Group.objects.get(id=work.group_id)
        self.by = User.objects.get(id=work.coordinator_id)
        self.members = list(Member.objects.filter(group=self.group).order_by("number"))
        self.products = list(Product.objects.filter(group=self.group).order_by("code"))

    def active_on(self, day: date) -> list[Member]:
        """Members still in the group who had joined by `day` (the services take those)."""
        return [m for m in self.members if m.status == MemberStatus.ACTIVE and m.joined_on <= day]

    def build(self) -> dict[str, int]:
        """Write through the services, hand the ledger lines they wrote to the pay days,
        and return how many rows of each kind were written."""
        since = timezone.now()
        self.trainings()
        self.meetings()
        self.sales()
        written = LedgerEntry.objects.filter(group=self.group, created_at__gte=since)
        rows = list(written.values_list("member_id", "entry_date", "amount"))
        for member_id, on, amount in rows:
            self.work.event(member_id.hex, on, amount)
        return {
            "ledger.LedgerEntry": len(rows),
            "learning.Training": Training.objects.filter(group=self.group).count(),
            "learning.Attendance": Attendance.objects.filter(
                session__training__group=self.group
            ).count(),
            "governance.Meeting": Meeting.objects.filter(group=self.group).count(),
            "sales.Sale": Sale.objects.filter(group=self.group).count(),
        }

    def trainings(self) -> None:
        """A training every six months, of one to three weekly sessions."""
        technique = Technique.objects.get(name="Tejido a palitos")
        for k, month in enumerate(range(1, self.work.scale.months, 6)):
            topic, kind, sessions, hours, level = TRAININGS[k % len(TRAININGS)]
            starts = add_months(self.work.start, month) + timedelta(days=self.rng.randrange(20))
            ends = starts + timedelta(days=7 * (sessions - 1))
            came = self.active_on(starts)
            if ends > self.today or len(came) < 2:
                continue
            trainer = came[0] if kind == "technique" else None
            training = learning.training_create(
                group=self.group,
                topic=topic,
                kind=kind,
                starts_on=starts,
                ends_on=ends,
                sensitive=False,
                place="Local comunal",
                trainer_name="" if trainer else "Equipo de la red",
                trainer_member=trainer,
                technique=technique if level else None,
                level=level,
            )
            came = self.rng.sample(came[1:], k=max(1, len(came) * 2 // 3))
            always = set(m.id for m in came)
            for i in range(sessions):
                session = learning.session_add(
                    training=training, held_on=starts + timedelta(days=7 * i), hours=hours
                )
                present = [m for m in came if self.rng.random() < 0.9]
                always &= {m.id for m in present}
                learning.attendance_record(session=session, members=present)
            if level:
                for member in [m for m in came if m.id in always][:6]:
                    learning.certificate_issue(
                        training=training, member=member, on=ends, passed=True
                    )

    def meetings(self) -> None:
        """A committee, an assembly every four months with fines for the absent, and the
        weekly meetings of the last month."""
        governance.rules_set(group=self.group, fine_per_absence=FINE, quorum_percent=50)
        active = self.active_on(self.today)
        term = governance.term_create(
            group=self.group,
            starts_on=self.today - timedelta(days=300),
            ends_on=self.today + timedelta(days=430),
        )
        for post, member in zip(Post.values, active[1:], strict=False):
            governance.post_assign(term=term, post=post, member=member)
        assembly: Meeting | None = None
        present: list[Member] = []
        for month in range(2, self.work.scale.months, 4):
            held = add_months(self.work.start, month) + timedelta(days=self.rng.randrange(5, 20))
            members = self.active_on(held)
            if held > self.today or not members:
                continue
            assembly = governance.meeting_create(
                group=self.group,
                kind=MeetingKind.ASSEMBLY,
                held_on=held,
                agenda="Balance de los pedidos; precios; próximas ferias",
                minutes="Se aprobó el balance.",
            )
            present = [m for m in members if self.rng.random() < 0.85]
            governance.meeting_attendance_record(meeting=assembly, members=present)
            governance.fines_apply(meeting=assembly, by=self.by)
        if assembly is not None and active and governance.quorum(assembly).reached:
            governance.agreement_add(
                meeting=assembly,
                text="Llevar chalinas a la feria de diciembre",
                responsible=active[0],
                due_on=self.today + timedelta(days=20),
            )
            no = len(present) // 5
            governance.vote_record(
                meeting=assembly, question="¿Subir el precio?", yes=len(present) - no, no=no
            )
        for weeks_ago in (4, 3, 2, 1):
            meeting = governance.meeting_create(
                group=self.group,
                kind=MeetingKind.WEEKLY,
                held_on=self.today - timedelta(days=7 * weeks_ago),
                agenda="Entregas de la semana",
            )
            came = [m for m in active if self.rng.random() < 0.75]
            governance.meeting_attendance_record(meeting=meeting, members=came)

    def sales(self) -> None:
        """Pieces made for sale: sold in the shop and at a fair, placed in a partner store
        that reports its sales and is settled."""
        makers = self.active_on(self.today - timedelta(days=60))[:12]
        if not makers or not self.products:
            return
        group, by, day = self.group, self.by, lambda n: self.today - timedelta(days=n)
        shop = sales.location_create(group=group, name="Tienda del local", kind=LocationKind.SHOP)
        fair = sales.location_create(group=group, name="Feria de Puno", kind=LocationKind.FAIR)
        store = sales.location_create(
            group=group,
            name="Tienda aliada",
            kind=LocationKind.STORE,
            commission_percent=Decimal("30"),
        )
        for maker in makers:
            sales.stock_add_own(
                location=shop,
                product=self.rng.choice(self.products),
                maker=maker,
                quantity=self.rng.randint(2, 5),
                on=day(50),
                by=by,
            )

        def items(where: Location, share: float) -> list[sales.Item]:
            picked = []
            for level in sales.stock_levels(group, where):
                n = math.ceil(level.quantity * share)
                if n:
                    picked.append(sales.Item(level.product, level.maker, level.origin, n))
            return picked

        for i, chunk in enumerate(items(shop, 0.3)):
            method = ("cash", "yape")[i % 2]
            sales.sale_record(location=shop, items=[chunk], method=method, on=day(44), by=by)
        sales.stock_move(source=shop, target=fair, items=items(shop, 0.4), on=day(40), by=by)
        for i, chunk in enumerate(items(fair, 0.7)):
            method = ("cash", "yape")[i % 2]
            sales.sale_record(location=fair, items=[chunk], method=method, on=day(39), by=by)
        sales.stock_move(source=shop, target=store, items=items(shop, 0.5), on=day(35), by=by)
        sales.store_report(
            store=store, sold=items(store, 0.5), returned=[], back_to=None, on=day(20), by=by
        )
        sales.settlement_make(store=store, start=day(35), end=day(19), by=by)
        sales.fund_expense(
            group=group,
            amount=Decimal("24.00"),
            category=ExpenseCategory.TRANSPORT,
            description="Pasajes a la feria",
            on=day(40),
            by=by,
        )
