"""One generated group: its people, designs, buyers, orders, deliveries, earnings and
month-end payouts, as rows for the bulk writer (minka/demo/rows.py).

The shapes follow the services' rules, so every figure a page shows is a true one:

- each month a group takes one or two buyer orders (most in dollars), of one to three
  lines; each order is shared among most of the members active when it came in, one
  allocation each, with the yarn handed out for it;
- pieces come back in one or two deliveries, graded A, B, rework or rejected at QC;
- each delivery credits the member for each grade at the design's rate for that grade,
  `Product.rate_for`, the rule `delivery_record` uses, through the ledger's row builder;
- one earning in two hundred is corrected by a reversing entry the next day;
- at the end of each month the treasurer pays each member her whole balance (one receipt
  and one ledger entry), and now and then gives an advance to one with nothing owed;
- members joined over the years, some left; they only work while in the group.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from minka.demo.rows import Clock, Scale, Sink, add_months, group_code, money
from minka.lib.i18n import record_language
from minka.members.models import Group, GroupRole, Member, Skill
from minka.production.models import Buyer, Grade, Material, Product, ProductMaterial

# fmt: off
FIRST_NAMES = (
    "María", "Juana", "Rosa", "Eulalia", "Felicitas", "Justina", "Nicolasa", "Hilda",
    "Marcelina", "Vilma", "Yolanda", "Agripina", "Teodora", "Lucía", "Celia", "Bertha",
    "Santusa", "Francisca", "Dominga", "Gregoria", "Paulina", "Martha", "Lidia", "Elena",
)
SURNAMES = (
    "Mamani", "Quispe", "Condori", "Huanca", "Choque", "Apaza", "Ccama", "Flores", "Cutipa",
    "Ticona", "Chambi", "Pari", "Coaquira", "Laura", "Calisaya", "Yupanqui", "Huarachi",
)
PLACES = (
    "Camacani", "Juli", "Chucuito", "Taquile", "Amantaní", "Llachón", "Capachica", "Acora",
    "Ilave", "Pomata", "Yunguyo", "Lampa", "Ayaviri", "Chinchero", "Pisac", "Ollantaytambo",
)
TECHNIQUES = ("Tejido a palitos", "Tejido a crochet", "Telar de pedal", "Telar de cintura")
DESIGNS = (
    ("Chompa de alpaca", 0, 2, 900, 6500), ("Chalina", 0, 1, 240, 1800),
    ("Gorro con orejeras", 0, 1, 180, 1200), ("Guantes", 1, 1, 150, 1000),
    ("Manta de cintura", 3, 3, 1200, 9000), ("Camino de mesa", 2, 2, 420, 3000),
    ("Poncho", 2, 2, 780, 5500), ("Cojín bordado", 1, 1, 300, 2200),
)
BUYERS = (
    ("Andes Fair Trade", "Estados Unidos"), ("Alpaca Kollektiv", "Alemania"),
    ("Tienda Manos del Sur", "Perú"), ("Pachamama Imports", "Canadá"),
    ("Artisans du Monde", "Francia"),
)
DEFECTS = ("size", "tension", "colour", "stain", "finish", "hole", "design")
# fmt: on


@dataclass
class MemberPlan:
    """A generated member, and the money that reaches her ledger (for the pay days)."""

    id: str
    number: int
    joined_on: date
    left_on: date | None
    events: list[tuple[date, int]] = field(default_factory=list)  # (date, cents)


@dataclass
class Design:
    id: str
    name: str
    product: Product  # unsaved: only its rates, asked through its own rule
    material_id: str


class GroupBuilder:
    """Writes one group's rows into the sink, in the order they happened.

    Everything is drawn from random.Random(f"{seed}:{index}"), ids included, and dates
    count back from `today`, so the same seed and day give the same rows.
    """

    def __init__(
        self,
        sink: Sink,
        *,
        index: int,
        seed: int,
        scale: Scale,
        today: date,
        site: str,
        organisation_id: str,
        coordinator_id: int,
        technique_ids: Sequence[str],
    ) -> None:
        self.sink = sink
        self.index = index
        self.scale = scale
        self.today = today
        self.site = site
        self.organisation_id = organisation_id
        self.coordinator_id = coordinator_id
        self.technique_ids = technique_ids
        self.rng = random.Random(f"{seed}:{index}")
        self.clock = Clock(self.rng, site)
        self.code = group_code(index)
        self.start = add_months(today.replace(day=1), 1 - scale.months)
        self.founded = self.start - timedelta(days=400)
        self.place = PLACES[index % len(PLACES)]
        self.group_id = ""
        self.members: list[MemberPlan] = []
        self.designs: list[Design] = []
        self.materials: list[str] = []
        self.order_n = 0
        self.receipt_n = 0
        self.buyers: list[str] = []
        self.earnings: list[tuple[str, str, date, int, str, Decimal]] = []
        with record_language():  # ledger lines are written in the group's language
            self.grade_names = {g: str(Grade(g).label) for g in Grade.values}

    def add(self, model: type, row: tuple[object, ...]) -> None:
        self.sink.add(model, row)

    def event(self, member_id: str, on: date, amount: Decimal) -> None:
        """Money written by a service (a fine, a sale share), for the pay days to pay out."""
        for member in self.members:
            if member.id == member_id:
                member.events.append((on, int(amount * 100)))
                return

    # --- people and designs -------------------------------------------------------------------

    def _group(self) -> None:
        clock, index = self.clock, self.index
        self.group_id, made = clock.stamp(self.founded, 13)
        suffix = f" {index // len(PLACES) + 1}" if index else ""
        name = f"Asociación de Artesanas {self.place}{suffix}"
        self.add(
            Group,
            (self.group_id, self.site, made, self.organisation_id, name, self.code, self.place),
        )
        for role in ("coordinator", "treasurer"):
            self.add(
                GroupRole,
                (*clock.head(self.founded, 13), self.coordinator_id, self.group_id, role, None),
            )

    def _members(self) -> None:
        """Most joined before the period, some during it; a few left."""
        rng, clock, today, start = self.rng, self.clock, self.today, self.start
        span = (today - start).days
        for number in range(1, self.scale.members + 1):
            if rng.random() < 0.75:
                joined = self.founded + timedelta(days=rng.randrange(400))
            else:
                joined = start + timedelta(days=rng.randrange(max(span, 1)))
            left = None
            if rng.random() < 0.08 and (today - joined).days > 120:
                left = joined + timedelta(days=rng.randrange(90, (today - joined).days))
            mid, made = clock.stamp(joined, 14)
            languages = rng.choice(('["qu", "es"]', '["ay", "es"]', '["qu"]', '["es"]'))
            self.add(
                Member,
                (
                    mid, self.site, made, self.group_id, number, rng.choice(FIRST_NAMES),
                    f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}", self.place, languages,
                    joined.isoformat(), "left" if left else "active",
                    left.isoformat() if left else None, "", "",
                    rng.choice((6, 8, 10, 12, 15, 20)),
                ),
            )  # fmt: skip
            for t in rng.sample(range(len(self.technique_ids)), rng.choice((1, 1, 2))):
                self.add(
                    Skill,
                    (*clock.head(joined, 14), mid, self.technique_ids[t], rng.randint(1, 3)),
                )
            self.members.append(MemberPlan(mid, number, joined, left))

    def _catalogue(self) -> None:
        rng, clock, site, founded = self.rng, self.clock, self.site, self.founded
        for colour in ("natural", "gris", "vicuña", "rojo"):
            mat_id, made = clock.stamp(founded, 15)
            self.add(Material, (mat_id, site, made, self.group_id, "Hilo de alpaca", colour))
            self.materials.append(mat_id)
        for k, (pname, tech, level, minutes, rate_a) in enumerate(rng.sample(DESIGNS, 6)):
            pid, made = clock.stamp(founded, 15)
            rate_b = rate_a * 6 // 10
            self.add(
                Product,
                (
                    pid, site, made, self.group_id, f"P{k + 1:02d}", pname,
                    self.technique_ids[tech], level, minutes, money(rate_a), money(rate_b),
                    money(rate_a * 4 // 3), "USD", money(rate_a * 3),
                ),
            )  # fmt: skip
            material = self.materials[k % len(self.materials)]
            self.add(ProductMaterial, (*clock.head(founded, 15), pid, material, "150.0"))
            rates = Product(rate_a=Decimal(money(rate_a)), rate_b=Decimal(money(rate_b)))
            self.designs.append(Design(pid, pname, rates, material))
        for bname, country in BUYERS:
            bid, made = clock.stamp(founded, 15)
            self.add(Buyer, (bid, site, made, self.group_id, bname, country, ""))
            self.buyers.append(bid)
