"""The demo builder's tools: people, designs, orders, yarn and deliveries.

The stories of each group (minka/demo/orders.py, minka/demo/stories.py) are told with
these, always through the services, so the ledger and the figures are real ones.
"""

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from minka.demo.specs import (
    CAMACANI,
    DEFECTS,
    FIRST_NAMES,
    JULI,
    LOGINS,
    ORGANISATION,
    PASSWORD,
    SEED,
    SURNAMES,
    GroupSpec,
    Weights,
)
from minka.ledger.models import EntryKind, LedgerEntry
from minka.members.models import (
    Group,
    GroupRole,
    Member,
    MemberStatus,
    Organisation,
    OrganisationStaff,
    Role,
    Technique,
)
from minka.members.services import group_create, member_save
from minka.production.models import (
    Allocation,
    Buyer,
    Material,
    MaterialSource,
    MoveKind,
    Order,
    OrderStatus,
    Product,
)
from minka.production.services import (
    allocation_plan,
    allocations_confirm,
    delivery_record,
    material_move_record,
    order_create,
    order_line_add,
    order_set_status,
    product_save,
)
from minka.production.stock import materials_receive


@dataclass
class DemoResult:
    organisation: Organisation
    groups: list[Group]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True)
class _Batch:
    """Pieces of one allocation brought in on one day."""

    days_ago: int
    index: int  # the allocation's place in the order, to keep each day in one order
    allocation: Allocation
    pieces: int


class BuilderBase:
    def __init__(self, *, say: Callable[[str], None], today: date) -> None:
        self.say = say
        self.today = today
        self.rng = random.Random(SEED)
        self.techniques: dict[str, Technique] = {}
        self.members: dict[str, list[Member]] = {}
        self.products: dict[str, dict[str, Product]] = {}
        self.buyers: dict[str, Buyer] = {}
        self.users: dict[str, User] = {}
        self.counts: dict[str, int] = {}

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    # people

    def _names(self, spec: GroupSpec) -> list[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        names: list[tuple[str, str]] = []
        while len(names) < spec.size:
            first = self.rng.choice(FIRST_NAMES)
            if self.rng.random() < 0.2:  # a second given name, as many have
                second = self.rng.choice(FIRST_NAMES)
                if second != first:
                    first = f"{first} {second}"
            father, mother = self.rng.sample(SURNAMES, 2)
            name = (first, f"{father} {mother}")
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def _groups(self, names: dict[str, list[tuple[str, str]]]) -> tuple[Organisation, list[Group]]:
        groups = []
        for spec, username in ((CAMACANI, "coordinadora"), (JULI, "juli")):
            first, last = names[spec.code][1]  # the coordinator is one of the first members
            group, user = group_create(
                organisation_name=ORGANISATION,
                name=spec.name,
                code=spec.code,
                place=spec.place,
                coordinator_username=username,
                coordinator_password=PASSWORD,
                coordinator_name=f"{first} {last}",
            )
            assert isinstance(user, User)
            self.users[username] = user
            groups.append(group)
        org = groups[0].organisation
        listed = ", ".join(f"{g.name} ({g.code})" for g in groups)
        self.say(f"Red «{org.name}» con {len(groups)} grupos: {listed}")
        return org, groups

    def _members(self, group: Group, spec: GroupSpec, names: list[tuple[str, str]]) -> None:
        for s in spec.skills:
            if s.technique not in self.techniques:
                self.techniques[s.technique] = Technique.objects.get_or_create(name=s.technique)[0]
        span = (self.day(60) - spec.founded).days
        # Founders first: member numbers follow the date they joined.
        joined = sorted(spec.founded + timedelta(days=self.rng.randint(0, span)) for _ in names)
        joined[0] = joined[1] = spec.founded
        # The ones who no longer take orders are among the older members.
        idle_at = self.rng.sample(range(3, spec.size // 2), len(spec.not_active))
        idle = dict(zip(idle_at, spec.not_active, strict=True))
        languages = [list(langs) for langs, _w in spec.languages]
        weights = [w for _langs, w in spec.languages]
        made = []
        skills = 0
        for i, ((first, last), joined_on) in enumerate(zip(names, joined, strict=True)):
            levels: dict[object, int] = {}
            for s in spec.skills:
                if self.rng.random() < s.share:
                    level = self.rng.choices((1, 2, 3), weights=s.levels)[0]
                    levels[self.techniques[s.technique].id] = level
            if not levels:  # everyone in the group has at least its main technique
                levels[self.techniques[spec.skills[0].technique].id] = 1
            skills += len(levels)
            member = Member(
                group=group,
                first_name=first,
                last_name=last,
                community=self.rng.choice(spec.communities),
                languages=list(self.rng.choices(languages, weights=weights)[0]),
                joined_on=joined_on,
                status=idle.get(i, MemberStatus.ACTIVE),
                hours_per_week=self.rng.randint(6, 20),
            )
            if member.status == MemberStatus.LEFT:
                member.left_on = min(self.day(90), joined_on + timedelta(days=400))
            made.append(member_save(member=member, skill_levels=levels))
        self.members[group.code] = made
        self.count("members", len(made))
        active = sum(1 for m in made if m.is_active)
        self.say(
            f"{group.code}: {len(made)} socias ({active} activas), {skills} técnicas con nivel, "
            f"de {len(spec.communities)} comunidades"
        )

    def _users(self, org: Organisation, groups: list[Group]) -> None:
        camacani = groups[0]
        treasurer = self.members[camacani.code][4]
        # One hash for the three accounts made here: hashing is much of the demo's time,
        # and the demo password is printed for everyone to see anyway.
        hashed = make_password(PASSWORD)
        self.users["tesorera"] = User.objects.create(
            username="tesorera",
            password=hashed,
            first_name=treasurer.first_name,
            last_name=treasurer.last_name,
        )
        GroupRole.objects.create(user=self.users["tesorera"], group=camacani, role=Role.TREASURER)
        # `socia` is tied to her member record once we know who has work and money.
        self.users["socia"] = User.objects.create(username="socia", password=hashed)
        self.users["red"] = User.objects.create(
            username="red", password=hashed, first_name="Equipo de la red"
        )
        OrganisationStaff.objects.create(user=self.users["red"], organisation=org)
        self.count("users", len(self.users))
        usernames = ", ".join(login.username for login in LOGINS)
        self.say(f"Usuarios: {len(self.users)} ({usernames})")

    def _link_member_user(self, camacani: Group) -> None:
        """`socia` is a member with work delivered and a receipt: her page has content."""
        paid = set(
            LedgerEntry.objects.filter(group=camacani, kind=EntryKind.PAYOUT).values_list(
                "member_id", flat=True
            )
        )
        working = set(
            Allocation.objects.filter(
                line__order__group=camacani, line__order__status=OrderStatus.IN_PRODUCTION
            ).values_list("member_id", flat=True)
        )
        # Not one of the first members, who hold the coordinator's and treasurer's names.
        member = next(m for m in self.members[camacani.code][5:] if m.id in paid & working)
        user = self.users["socia"]
        user.first_name, user.last_name = member.first_name, member.last_name
        user.save(update_fields=["first_name", "last_name"])
        GroupRole.objects.create(user=user, group=camacani, role=Role.MEMBER, member=member)
        self.say(f"La usuaria «socia» es {member.full_name} (socia n.º {member.number})")

    # trainings, meetings, the committee

    # products, yarn, buyers

    def _catalogue(self, group: Group, spec: GroupSpec) -> None:
        colours = sorted({colour for p in spec.products for colour, _g in p.materials})
        materials = {
            colour: Material.objects.create(group=group, name=spec.yarn, colour=colour)
            for colour in colours
        }
        products = {}
        for p in spec.products:
            product = Product(
                group=group,
                code=p.code,
                name=p.name,
                technique=self.techniques[p.technique],
                min_level=p.min_level,
                standard_minutes=p.minutes,
                rate_a=Decimal(p.rate_a),
                rate_b=Decimal(p.rate_b),
                wholesale_price=Decimal(p.wholesale),
                wholesale_currency=p.wholesale_currency,
                retail_price=Decimal(p.retail),
            )
            product.full_clean(exclude=["group", "technique"])
            products[p.code] = product_save(
                product=product,
                materials=[(materials[colour], Decimal(g)) for colour, g in p.materials],
            )
        self.products[group.code] = products
        if group.code == CAMACANI.code:
            buyer = Buyer.objects.create(
                group=group,
                name="Altiplano Fair Trade Imports (ficticio)",
                country="EE. UU.",
                email="compras@example.org",
            )
        else:
            buyer = Buyer.objects.create(
                group=group,
                name="Tienda Killa, Barranco (ficticia)",
                country="Perú",
                email="pedidos@example.org",
            )
        self.buyers[group.code] = buyer
        self.count("products", len(products))
        self.say(
            f"{group.code}: {len(products)} diseños, hilo de {len(materials)} colores, "
            f"cliente {buyer.name}"
        )

    # orders, step by step as the coordinator and the treasurer would do them

    def _coordinator(self, group_code: str) -> User:
        return self.users["coordinadora" if group_code == CAMACANI.code else "juli"]

    def _order(
        self,
        group: Group,
        *,
        currency: str,
        rate: str,
        ordered: int,
        due: int,
        lines: Sequence[tuple[str, int, str]],
        notes: str,
    ) -> Order:
        """A confirmed order, `ordered` days ago, due in `due` days (negative: past)."""
        order = order_create(
            group=group,
            buyer=self.buyers[group.code],
            currency=currency,
            exchange_rate=Decimal(rate),
            ordered_on=self.day(ordered),
            deadline=self.day(-due),
            notes=notes,
            by=self._coordinator(group.code),
        )
        for code, quantity, price in lines:
            order_line_add(
                order=order,
                product=self.products[group.code][code],
                quantity=quantity,
                unit_price=Decimal(price),
            )
        order_set_status(order=order, status=OrderStatus.CONFIRMED)
        self.count("orders")
        return order

    def _allocate(self, group: Group, order: Order, on: int) -> list[Allocation]:
        """Confirm Minka's proposal for every line, `on` days ago."""
        made: list[Allocation] = []
        by = self._coordinator(group.code)
        for line in order.lines.select_related("product", "order").order_by("created_at"):
            plan = allocation_plan(line=line, today=self.day(on))
            pieces = {e.share.candidate.member_id: e.share.pieces for e in plan.explained}
            made.extend(allocations_confirm(line=line, pieces=pieces, by=by, today=self.day(on)))
        members = {m.id: m for m in self.members[group.code]}
        for a in made:
            a.member = members[a.member_id]
        made.sort(key=lambda a: (a.line.created_at, a.member.number))
        self.count("allocations", len(made))
        return made

    def _issue_yarn(self, group: Group, allocations: list[Allocation], on: int) -> int:
        """Yarn for each allocation, rounded up to whole 50 g skeins, from cones of 1 kg
        bought for the order (one lot per order). Returns grams handed out."""
        plan: list[tuple[Allocation, Material, int]] = []
        need: dict[Material, int] = {}
        for a in allocations:
            for pm in a.line.product.materials.select_related("material").order_by("grams"):
                g = math.ceil(pm.grams * a.quantity / 50) * 50
                plan.append((a, pm.material, g))
                need[pm.material] = need.get(pm.material, 0) + g
        lot = f"{group.code}-{on}"
        by = self._coordinator(group.code)
        for material, g in need.items():
            materials_receive(
                group=group,
                material=material,
                lot=lot,
                grams=Decimal(math.ceil(g / 1000) * 1000),
                source=MaterialSource.BOUGHT,
                received_on=self.day(on),
                by=by,
            )
            self.count("material_moves")
        for a, material, g in plan:
            material_move_record(
                member=a.member,
                material=material,
                kind=MoveKind.ISSUE,
                grams=Decimal(g),
                moved_on=self.day(on),
                by=by,
                allocation=a,
                lot=lot,
            )
            self.count("material_moves")
        return sum(g for _a, _m, g in plan)

    def _batches(self, index: int, a: Allocation, done: int, days: Sequence[int]) -> list[_Batch]:
        """`done` new pieces brought in on one to three of `days` (days ago)."""
        if done <= 0:
            return []
        k = min(done, len(days), self.rng.randint(1, 3))
        chosen = sorted(self.rng.sample(list(days), k), reverse=True)
        cuts = sorted(self.rng.sample(range(1, done), k - 1)) if k > 1 else []
        sizes = [end - start for start, end in zip([0, *cuts], [*cuts, done], strict=True)]
        return [_Batch(on, index, a, n) for on, n in zip(chosen, sizes, strict=True)]

    def _deliver(self, a: Allocation, n: int, on: int, weights: Weights) -> dict[str, int]:
        grades = [g for g, _w in weights]
        drawn = self.rng.choices(grades, weights=[w for _g, w in weights], k=n)
        counts = {g: drawn.count(g) for g in ("A", "B", "rework", "rejected")}
        defect = ""
        if counts["rework"] or counts["rejected"]:
            defect = self.rng.choice(DEFECTS[a.line.product.technique.name])
        delivery_record(
            allocation=a,
            received_on=self.day(on),
            grade_a=counts["A"],
            grade_b=counts["B"],
            rework=counts["rework"],
            rejected=counts["rejected"],
            defect=defect,
            quantity=n,
            by=self._coordinator(a.member.group.code),
        )
        self.count("deliveries")
        for grade, k in counts.items():
            self.count(f"grade_{grade}", k)
        return counts

    def _weeks(
        self, batches: list[_Batch], weights: Weights, events: dict[int, Callable[[], None]]
    ) -> None:
        """Deliveries and other events (pay days) day by day, oldest first.

        Pieces sent back to rework come again with her next delivery. On a day with both,
        deliveries are recorded before the event.
        """
        rework: dict[object, int] = {}
        days = sorted({b.days_ago for b in batches} | set(events), reverse=True)
        for on in days:
            for b in sorted((b for b in batches if b.days_ago == on), key=lambda b: b.index):
                n = b.pieces + rework.get(b.allocation.id, 0)
                rework[b.allocation.id] = self._deliver(b.allocation, n, on, weights)["rework"]
            if on in events:
                events[on]()

    def _graded_since(self, before: dict[str, int]) -> str:
        d = {
            g: self.counts.get(f"grade_{g}", 0) - before.get(f"grade_{g}", 0)
            for g in ("A", "B", "rework", "rejected")
        }
        n = self.counts.get("deliveries", 0) - before.get("deliveries", 0)
        return (
            f"{n} entregas: {d['A']} grado A, {d['B']} grado B, {d['rework']} para "
            f"rehacer, {d['rejected']} rechazadas"
        )
