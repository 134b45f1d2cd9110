"""`minka demo`: a believable demo, built through the services, the same on every run.

One fictional supporting organisation with two producer groups of Puno, sized like the
two groups of Forstner's study of Puno craft groups: Camacani (50 members, mostly
knitters, Quechua and Aymara) and Juli (19 members, weavers, Aymara). People, buyers and
the organisation are invented. Everything that has a service is written through it
(groups, members, products, orders, allocations, yarn, deliveries with quality control,
payouts, a correction), in the order it would have happened, so the ledger, the balances
and the progress figures are real ones.

Random choices come from random.Random(2026), so two runs on the same day give the same
data; dates are counted back from the day of the run, so the demo always looks recent.
"""

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Sum

from minka.ledger.models import EntryKind, LedgerEntry, PayMethod
from minka.ledger.services import entry_reverse, member_balance, payout_make
from minka.members.models import (
    Group,
    GroupRole,
    Language,
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
    Defect,
    Material,
    MoveKind,
    Order,
    OrderStatus,
    Product,
)
from minka.production.services import (
    allocation_plan,
    allocation_progress,
    allocations_confirm,
    delivery_record,
    material_move_record,
    order_create,
    order_line_add,
    order_set_status,
    product_save,
)

SEED = 2026
PASSWORD = "minka-demo"
ORGANISATION = "Red de Artesanas del Altiplano"

KNIT = "Tejido a palitos"
CROCHET = "Tejido a crochet"
PEDAL = "Telar de pedal"
BACKSTRAP = "Telar de cintura"

# fmt: off
FIRST_NAMES = (
    "María", "Juana", "Rosa", "Eulalia", "Felicitas", "Justina", "Nicolasa", "Hilda",
    "Marcelina", "Vilma", "Yolanda", "Agripina", "Teodora", "Lucía", "Celia", "Bertha",
    "Santusa", "Francisca", "Dominga", "Gregoria", "Paulina", "Martha", "Lidia", "Elena",
    "Sabina", "Victoria", "Isabel", "Carmen", "Basilia", "Nieves", "Rufina", "Modesta",
)
SURNAMES = (
    "Mamani", "Quispe", "Condori", "Huanca", "Apaza", "Ccama", "Choque", "Pari", "Coaquira",
    "Chambi", "Layme", "Yucra", "Ticona", "Cutipa", "Flores", "Ramos", "Chura", "Larico",
    "Cahui", "Vilca", "Calsin", "Pacompia",
)
# fmt: on


class DemoRefused(Exception):
    """The database already holds data; the demo loads only into an empty one."""


@dataclass(frozen=True)
class Login:
    username: str
    who: str


LOGINS = (
    Login("coordinadora", "coordinadora de Camacani: pedidos, reparto, entregas"),
    Login("tesorera", "tesorera de Camacani: pagos y recibos"),
    Login("socia", "socia de Camacani: solo su trabajo y su dinero"),
    Login("juli", "coordinadora de Juli"),
    Login("red", "equipo de la red: ve los dos grupos"),
)


def logins_text() -> str:
    lines = [f"  {login.username:<13} {login.who}" for login in LOGINS]
    return "\n".join([*lines, f"  contraseña de todas: {PASSWORD}"])


# --- what the two groups look like --------------------------------------------------------


@dataclass(frozen=True)
class SkillSpec:
    technique: str
    share: float  # how many members have it
    levels: tuple[int, int, int]  # weights of levels 1, 2, 3


@dataclass(frozen=True)
class ProductSpec:
    code: str
    name: str
    technique: str
    min_level: int
    minutes: int
    rate_a: str  # PEN per piece
    rate_b: str
    wholesale: str
    wholesale_currency: str
    retail: str  # PEN
    materials: tuple[tuple[str, int], ...]  # (yarn colour, grams per piece)


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    place: str
    size: int
    founded: date
    communities: tuple[str, ...]
    languages: tuple[tuple[tuple[str, ...], int], ...]  # (languages, weight)
    skills: tuple[SkillSpec, ...]
    not_active: tuple[str, ...]  # statuses of members who no longer take orders
    yarn: str
    products: tuple[ProductSpec, ...]


QU, AY, ES = Language.QUECHUA.value, Language.AYMARA.value, Language.SPANISH.value

# fmt: off
CAMACANI = GroupSpec(
    code="CAM",
    name="Asociación de Artesanas Camacani",
    place="Camacani, Platería, Puno",
    size=50,
    founded=date(2004, 3, 8),
    communities=("Camacani", "Platería", "Perka", "Yanico", "Collana", "Cucho Esqueña"),
    languages=(((QU, ES), 50), ((AY, ES), 28), ((QU, AY, ES), 10), ((QU,), 8), ((AY,), 4)),
    skills=(
        SkillSpec(KNIT, 0.94, (25, 45, 30)),
        SkillSpec(CROCHET, 0.42, (40, 40, 20)),
        SkillSpec(BACKSTRAP, 0.10, (60, 30, 10)),
    ),
    not_active=(MemberStatus.INACTIVE, MemberStatus.INACTIVE, MemberStatus.LEFT),
    yarn="Hilo de alpaca",
    products=(
        #           code     name                  technique level min  rate A   rate B
        #           wholesale      retail    grams of yarn per piece, by colour
        ProductSpec("CH-01", "Chompa trenzada",    KNIT,    3,   600, "55.00", "38.00",
                    "38.00", "USD", "180.00", (("Crudo", 450),)),
        ProductSpec("CL-01", "Chalina de alpaca",  KNIT,    1,   180, "17.00", "12.00",
                    "14.00", "USD", "60.00",  (("Marrón", 150),)),
        ProductSpec("GR-01", "Gorro con orejeras", KNIT,    2,   120, "12.00", "8.00",
                    "9.50",  "USD", "40.00",  (("Gris perla", 60), ("Rojo indio", 30))),
        ProductSpec("GU-01", "Guantes de alpaca",  KNIT,    2,   150, "14.00", "10.00",
                    "11.00", "USD", "45.00",  (("Negro", 70),)),
        ProductSpec("BL-01", "Bolso a crochet",    CROCHET, 2,   240, "22.00", "15.00",
                    "18.00", "USD", "85.00",  (("Azul añil", 120), ("Crudo", 60))),
    ),
)

JULI = GroupSpec(
    code="JUL",
    name="Asociación de Artesanas Juli",
    place="Juli, Chucuito, Puno",
    size=19,
    founded=date(2009, 9, 14),
    communities=("Juli", "Chacachaca", "Sajo", "Challapampa", "Huaylluni"),
    languages=(((AY, ES), 85), ((AY,), 10), ((ES,), 5)),
    skills=(
        SkillSpec(PEDAL, 0.70, (30, 40, 30)),
        SkillSpec(BACKSTRAP, 0.55, (30, 40, 30)),
        SkillSpec(KNIT, 0.45, (40, 40, 20)),
        SkillSpec(CROCHET, 0.15, (50, 40, 10)),
    ),
    not_active=(MemberStatus.INACTIVE,),
    yarn="Hilo de alpaca",
    products=(
        ProductSpec("MT-01", "Manta de telar",     PEDAL,     2, 900, "85.00", "60.00",
                    "260.00", "PEN", "380.00", (("Natural", 700), ("Rojo cochinilla", 100))),
        ProductSpec("CM-01", "Camino de mesa",     BACKSTRAP, 2, 480, "42.00", "30.00",
                    "110.00", "PEN", "160.00", (("Natural", 180), ("Rojo cochinilla", 70))),
        ProductSpec("CL-02", "Chalina de telar",   PEDAL,     1, 240, "22.00", "15.00",
                    "65.00",  "PEN", "95.00",  (("Natural", 160),)),
    ),
)
# fmt: on

# Quality control: mostly grade A, some B, a little to rework and a little rejected.
GRADES_NOW = (("A", 80), ("B", 12), ("rework", 5), ("rejected", 3))
GRADES_DONE = (("A", 85), ("B", 12), ("rework", 3))  # the old order: everything came good
DEFECTS = {
    KNIT: (Defect.TENSION, Defect.SIZE, Defect.HOLE, Defect.FINISH),
    CROCHET: (Defect.TENSION, Defect.FINISH, Defect.COLOUR),
    PEDAL: (Defect.TENSION, Defect.SIZE, Defect.DESIGN, Defect.STAIN),
    BACKSTRAP: (Defect.DESIGN, Defect.TENSION, Defect.FINISH),
}
Weights = tuple[tuple[str, int], ...]


@dataclass
class DemoResult:
    organisation: Organisation
    groups: list[Group]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def demo_refusal() -> str | None:
    """Why the demo cannot load into this database, or None if it is empty enough."""
    groups = list(Group.objects.order_by("code").values_list("code", flat=True)[:5])
    if groups:
        return (
            f"Esta base de datos ya tiene grupos ({', '.join(groups)}). La demostración solo "
            "se carga en una base vacía, para no mezclarse con datos reales."
        )
    names = [login.username for login in LOGINS]
    taken = list(User.objects.filter(username__in=names).values_list("username", flat=True))
    if taken:
        return (
            f"Ya existen usuarios con los nombres de la demostración ({', '.join(taken)}). "
            "La demostración solo se carga en una base vacía."
        )
    return None


def demo_is_loaded() -> bool:
    codes = [CAMACANI.code, JULI.code]
    return Group.objects.filter(code__in=codes, organisation__name=ORGANISATION).count() == 2


def build_demo(
    *, say: Callable[[str], None] = lambda _line: None, today: date | None = None
) -> DemoResult:
    """Load the demo into an empty database, in one transaction; DemoRefused otherwise.

    `today` (at most the real today: deliveries cannot be in the future) is the day the
    demo is told from.
    """
    refusal = demo_refusal()
    if refusal:
        raise DemoRefused(refusal)
    started = time.monotonic()
    with transaction.atomic():
        result = _Builder(say=say, today=today or date.today()).build()
    result.seconds = time.monotonic() - started
    return result


# --- the builder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Batch:
    """Pieces of one allocation brought in on one day."""

    days_ago: int
    index: int  # the allocation's place in the order, to keep each day in one order
    allocation: Allocation
    pieces: int


class _Builder:
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
        self._camacani_sales(camacani)
        self._link_member_user(camacani)
        return DemoResult(organisation=org, groups=groups, counts=self.counts)

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
        sales.settlement_make(store=store, start=self.day(35), end=self.day(14), by=by)
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
        """Yarn for each allocation, rounded up to whole 50 g skeins. Returns grams."""
        grams = 0
        for a in allocations:
            for pm in a.line.product.materials.select_related("material").order_by("grams"):
                g = math.ceil(pm.grams * a.quantity / 50) * 50
                material_move_record(
                    member=a.member,
                    material=pm.material,
                    kind=MoveKind.ISSUE,
                    grams=Decimal(g),
                    moved_on=self.day(on),
                    by=self._coordinator(group.code),
                    allocation=a,
                )
                grams += g
                self.count("material_moves")
        return grams

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
                issued = a.material_moves.filter(material=pm.material).aggregate(g=Sum("grams"))
                left = issued["g"] - pm.grams * a.quantity
                if left >= 20 and self.rng.random() < 0.7:
                    material_move_record(
                        member=a.member,
                        material=pm.material,
                        kind=MoveKind.RETURN,
                        grams=left,
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
