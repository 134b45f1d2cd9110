"""`minka generate`: realistic data at named scales, fast, the same for the same seed.

For measuring, not for showing: where the demo goes through the services one record at a
time, this writes the same tables in bulk (COPY on PostgreSQL, executemany on SQLite),
streaming group by group, so a federation of a thousand groups and ten million ledger
entries fits in minutes and in little memory. The shapes follow the services' rules, so
every figure a page shows is a true one:

- each month a group takes one or two buyer orders (most in dollars), of one to three
  lines; each order is shared among most of the members active when it came in, one
  allocation each, with the yarn handed out for it;
- pieces come back in one or two deliveries, graded A, B, rework or rejected at QC;
- each delivery credits the member's ledger for its A and B pieces only, at the design's
  rate (amount = pieces times rate, to the cent), like `delivery_record`;
- one earning in two hundred is corrected by a reversing entry the next day;
- at the end of each month the treasurer pays each member her whole balance (one receipt
  and one ledger entry), and now and then gives an advance to one with nothing owed;
- members joined over the years, some left; they only work while in the group.

Everything is random.Random(f"{seed}:{group}"), ids included (uuid7 layout: the record's
own time, then random bits), and dates count back from `today`; so two runs with the same
seed and day give the same rows, byte for byte (see `Result.digest`).
"""

import hashlib
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, models, transaction

from minka.ledger.models import LedgerEntry, Payout
from minka.members.models import (
    Group,
    GroupRole,
    Member,
    Organisation,
    OrganisationStaff,
    Skill,
    Technique,
)
from minka.members.models import Sequence as NumberSequence
from minka.production.models import (
    Allocation,
    Buyer,
    Delivery,
    Material,
    MaterialMove,
    Order,
    OrderLine,
    Product,
    ProductMaterial,
    QualityCheck,
)

PASSWORD = "minka-bench"
DEFAULT_SEED = 4


@dataclass(frozen=True)
class Scale:
    groups: int
    members: int  # per group
    months: int


SCALES = {
    "tiny": Scale(groups=2, members=8, months=4),
    "site": Scale(groups=1, members=60, months=36),
    "federation": Scale(groups=1000, members=100, months=36),
}


class GenerateRefused(Exception):
    pass


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    digest: str = ""  # sha256 of every row written, in order


# --- writing rows in bulk ---------------------------------------------------------------------

# Parents before children, so each flush satisfies the foreign keys as it goes.
TABLES: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (Group, ("id", "site", "created_at", "organisation_id", "name", "code", "place")),
    (
        Member,
        (
            "id", "site", "created_at", "group_id", "number", "first_name", "last_name",
            "community", "languages", "joined_on", "status", "left_on", "phone", "photo",
            "hours_per_week",
        ),
    ),
    (Skill, ("id", "site", "created_at", "member_id", "technique_id", "level")),
    (GroupRole, ("id", "site", "created_at", "user_id", "group_id", "role", "member_id")),
    (OrganisationStaff, ("id", "site", "created_at", "user_id", "organisation_id")),
    (NumberSequence, ("group_id", "name", "last")),
    (Material, ("id", "site", "created_at", "group_id", "name", "colour")),
    (
        Product,
        (
            "id", "site", "created_at", "group_id", "code", "name", "technique_id", "min_level",
            "standard_minutes", "rate_a", "rate_b", "wholesale_price", "wholesale_currency",
            "retail_price",
        ),
    ),
    (ProductMaterial, ("id", "site", "created_at", "product_id", "material_id", "grams")),
    (Buyer, ("id", "site", "created_at", "group_id", "name", "country", "email")),
    (
        Order,
        (
            "id", "site", "created_at", "group_id", "buyer_id", "number", "status", "currency",
            "exchange_rate", "ordered_on", "deadline", "notes", "created_by_id",
        ),
    ),
    (
        OrderLine,
        ("id", "site", "created_at", "order_id", "product_id", "quantity", "unit_price"),
    ),
    (
        Allocation,
        ("id", "site", "created_at", "line_id", "member_id", "quantity", "reason",
         "confirmed_by_id"),
    ),
    (
        MaterialMove,
        (
            "id", "site", "created_at", "group_id", "member_id", "material_id", "kind", "grams",
            "moved_on", "allocation_id", "recorded_by_id",
        ),
    ),
    (
        Delivery,
        ("id", "site", "created_at", "allocation_id", "received_on", "quantity",
         "recorded_by_id"),
    ),
    (QualityCheck, ("id", "site", "created_at", "delivery_id", "grade", "quantity", "defect")),
    (
        Payout,
        (
            "id", "site", "created_at", "group_id", "member_id", "number", "amount", "currency",
            "paid_on", "method", "is_advance", "paid_by_id",
        ),
    ),
    (
        LedgerEntry,
        (
            "id", "site", "created_at", "group_id", "member_id", "kind", "amount", "currency",
            "entry_date", "description", "quantity", "unit_amount", "reverses_id", "payout_id",
            "source_type", "source_id", "created_by_id",
        ),
    ),
]  # fmt: skip


# Columns holding ids of rows the generator did not write itself.
EXTERNAL = {
    "user_id", "organisation_id", "technique_id", "created_by_id", "confirmed_by_id",
    "recorded_by_id", "paid_by_id",
}  # fmt: skip


def _column(model: type[models.Model], attname: str) -> str:
    found = model._meta.get_field(attname)
    assert isinstance(found, models.Field), attname
    return str(found.column)


def _pg_text(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


class Sink:
    """Buffers rows per table and writes them all, parents first, every `batch` rows."""

    def __init__(self, batch: int, say: Callable[[str], None], total_groups: int) -> None:
        self.batch = batch
        self.say = say
        self.total_groups = total_groups
        self.rows: dict[type[models.Model], list[tuple[Any, ...]]] = {m: [] for m, _c in TABLES}
        self.counts: dict[str, int] = {m._meta.label: 0 for m, _c in TABLES}
        self.pending = 0
        self.digest = hashlib.sha256()
        self.started = time.perf_counter()
        self.groups_done = 0
        self.postgres = connection.vendor == "postgresql"

    def add(self, model: type[models.Model], row: tuple[Any, ...]) -> None:
        self.rows[model].append(row)
        self.pending += 1

    def group_done(self) -> None:
        self.groups_done += 1
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for model, attnames in TABLES:
                rows = self.rows[model]
                if not rows:
                    continue
                meta = model._meta
                columns = [_column(model, a) for a in attnames]
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                table = connection.ops.quote_name(meta.db_table)
                text = "".join("\t".join(map(_pg_text, row)) + "\n" for row in rows)
                self.digest.update(meta.db_table.encode())
                external = [i for i, a in enumerate(attnames) if a in EXTERNAL]
                if external:
                    # Users, the organisation and techniques were not made here: their ids
                    # depend on the database, so the digest leaves them out.
                    for row in rows:
                        masked = list(row)
                        for i in external:
                            masked[i] = "*"
                        self.digest.update("\t".join(map(_pg_text, masked)).encode())
                else:
                    self.digest.update(text.encode())
                if self.postgres:
                    with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                        copy.write(text)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)
                self.counts[meta.label] += len(rows)
                rows.clear()
        self.pending = 0
        elapsed = time.perf_counter() - self.started
        total = sum(self.counts.values())
        self.say(
            f"{self.groups_done}/{self.total_groups} grupos, {total:,} filas "
            f"({self.counts['ledger.LedgerEntry']:,} del libro de cuentas), "
            f"{elapsed:.0f} s, {total / max(elapsed, 1e-9):,.0f} filas/s"
        )


# --- ids, times and money ---------------------------------------------------------------------

_EPOCH = date(1970, 1, 1).toordinal()


class Clock:
    """Deterministic uuid7-like ids and created_at stamps for one group's records.

    A record made on day `d` at hour `h` gets that time plus a per-group tick (in
    microseconds) that keeps the group's records in the order they were written.
    """

    def __init__(self, rng: random.Random, site: str) -> None:
        self.rng = rng
        self.site = site
        self.tick = 0

    def head(self, day: date, hour: int) -> tuple[str, str, str]:
        """(id, site, created_at): the first three columns of every Minka record."""
        uid, made = self.stamp(day, hour)
        return uid, self.site, made

    def stamp(self, day: date, hour: int) -> tuple[str, str]:
        """(id as 32 hex digits, created_at as 'YYYY-MM-DD HH:MM:SS.ffffff' UTC)."""
        self.tick += 1
        micro = (hour * 3600 + 60) * 1_000_000 + self.tick * 7
        ms = (day.toordinal() - _EPOCH) * 86_400_000 + micro // 1000
        bits = self.rng.getrandbits(74)
        value = (ms << 80) | (0x7 << 76) | ((bits >> 62) << 64) | (0b10 << 62)
        value |= bits & ((1 << 62) - 1)
        secs, us = divmod(micro, 1_000_000)
        hh, rest = divmod(secs, 3600)
        mm, ss = divmod(rest, 60)
        return f"{value:032x}", f"{day.isoformat()} {hh:02d}:{mm:02d}:{ss:02d}.{us:06d}"


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def add_months(month: date, n: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return date(year, index + 1, 1)


def _code(index: int) -> str:
    """G + three letters: GAAA, GAAB, ... (17,576 groups)."""
    letters = ""
    for _i in range(3):
        index, r = divmod(index, 26)
        letters = chr(65 + r) + letters
    return "G" + letters


# --- the shapes -------------------------------------------------------------------------------

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
class _Member:
    id: str
    number: int
    joined_on: date
    left_on: date | None
    events: list[tuple[date, int]] = field(default_factory=list)  # (date, cents)


def _build_group(
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
    rng = random.Random(f"{seed}:{index}")
    clock = Clock(rng, site)
    code = _code(index)
    start = add_months(today.replace(day=1), 1 - scale.months)
    founded = start - timedelta(days=400)
    place = PLACES[index % len(PLACES)]
    group_id, made = clock.stamp(founded, 13)
    name = f"Asociación de Artesanas {place}" + (f" {index // len(PLACES) + 1}" if index else "")
    sink.add(Group, (group_id, site, made, organisation_id, name, code, place))
    for role in ("coordinator", "treasurer"):
        sink.add(GroupRole, (*clock.head(founded, 13), coordinator_id, group_id, role, None))

    # Members: most joined before the period, some during it; a few left.
    members: list[_Member] = []
    span = (today - start).days
    for number in range(1, scale.members + 1):
        if rng.random() < 0.75:
            joined = founded + timedelta(days=rng.randrange(400))
        else:
            joined = start + timedelta(days=rng.randrange(max(span, 1)))
        left = None
        if rng.random() < 0.08 and (today - joined).days > 120:
            left = joined + timedelta(days=rng.randrange(90, (today - joined).days))
        mid, made = clock.stamp(joined, 14)
        languages = rng.choice(('["qu", "es"]', '["ay", "es"]', '["qu"]', '["es"]'))
        sink.add(
            Member,
            (
                mid, site, made, group_id, number, rng.choice(FIRST_NAMES),
                f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}", place, languages,
                joined.isoformat(), "left" if left else "active",
                left.isoformat() if left else None, "", "", rng.choice((6, 8, 10, 12, 15, 20)),
            ),
        )  # fmt: skip
        for t in rng.sample(range(len(technique_ids)), rng.choice((1, 1, 2))):
            sink.add(Skill, (*clock.head(joined, 14), mid, technique_ids[t], rng.randint(1, 3)))
        members.append(_Member(mid, number, joined, left))

    materials = []
    for colour in ("natural", "gris", "vicuña", "rojo"):
        mat_id, made = clock.stamp(founded, 15)
        sink.add(Material, (mat_id, site, made, group_id, "Hilo de alpaca", colour))
        materials.append(mat_id)
    products = []  # (id, name, rate_a cents, rate_b cents, material)
    for k, (pname, tech, level, minutes, rate_a) in enumerate(rng.sample(DESIGNS, 6)):
        pid, made = clock.stamp(founded, 15)
        rate_b = rate_a * 6 // 10
        sink.add(
            Product,
            (
                pid, site, made, group_id, f"P{k + 1:02d}", pname, technique_ids[tech], level,
                minutes, money(rate_a), money(rate_b), money(rate_a * 4 // 3), "USD",
                money(rate_a * 3),
            ),
        )  # fmt: skip
        material = materials[k % len(materials)]
        sink.add(ProductMaterial, (*clock.head(founded, 15), pid, material, "150.0"))
        products.append((pid, pname, rate_a, rate_b, material))
    buyers = []
    for bname, country in BUYERS:
        bid, made = clock.stamp(founded, 15)
        sink.add(Buyer, (bid, site, made, group_id, bname, country, ""))
        buyers.append(bid)

    # Orders, allocations, yarn, deliveries and QC, earnings.
    order_n = 0
    earnings: list[tuple[str, str, date, int, str, int]] = []
    for m in range(scale.months):
        month = add_months(start, m)
        for _k in range(1 + (rng.random() < 0.4)):
            ordered = month + timedelta(days=rng.randrange(20))
            if ordered > today:
                continue
            order_n += 1
            order_number = f"{site}-{code}-P{order_n:04d}"
            deadline = ordered + timedelta(days=rng.randrange(45, 76))
            if deadline < today - timedelta(days=30):
                status = "paid"
            elif deadline < today:
                status = "delivered"
            else:
                status = "in_production"
            dollars = rng.random() < 0.7
            oid, made = clock.stamp(ordered, 15)
            sink.add(
                Order,
                (
                    oid, site, made, group_id, rng.choice(buyers), order_number, status,
                    "USD" if dollars else "PEN", f"3.{rng.randint(6500, 8200)}" if dollars
                    else "1.0000", ordered.isoformat(), deadline.isoformat(), "", coordinator_id,
                ),
            )  # fmt: skip
            lines = []
            for product in rng.sample(products, rng.choice((1, 2, 2, 3))):
                lid, made = clock.stamp(ordered, 15)
                lines.append((lid, made, product, [0]))
            able = [
                x
                for x in members
                if x.joined_on <= ordered and (x.left_on is None or x.left_on > deadline)
            ]
            for member in able:
                if rng.random() > 0.92:
                    continue
                lid, _made, product, total = lines[rng.randrange(len(lines))]
                pid, pname, rate_a, rate_b, material = product
                quantity = rng.randint(3, 12)
                total[0] += quantity
                alloc_day = ordered + timedelta(days=2)
                aid, made = clock.stamp(alloc_day, 16)
                sink.add(
                    Allocation, (aid, site, made, lid, member.id, quantity, "", coordinator_id)
                )
                sink.add(
                    MaterialMove,
                    (
                        *clock.head(alloc_day, 16), group_id, member.id, material, "issue",
                        f"{quantity * 150}.0", alloc_day.isoformat(), aid, coordinator_id,
                    ),
                )  # fmt: skip
                if rng.random() < 0.5:
                    parts = [(quantity, rng.randrange(20, 40))]
                else:
                    first = quantity // 2
                    parts = [
                        (first, rng.randrange(14, 25)),
                        (quantity - first, rng.randrange(30, 45)),
                    ]
                for pieces, after in parts:
                    received = ordered + timedelta(days=after)
                    if received > today:
                        break
                    did, made = clock.stamp(received, 17)
                    sink.add(
                        Delivery,
                        (did, site, made, aid, received.isoformat(), pieces, coordinator_id),
                    )
                    grades = {"A": 0, "B": 0, "rework": 0, "rejected": 0}
                    for _p in range(pieces):
                        r = rng.random()
                        grade = (
                            "A"
                            if r < 0.84
                            else "B"
                            if r < 0.94
                            else "rework"
                            if r < 0.97
                            else "rejected"
                        )
                        grades[grade] += 1
                    defect = rng.choice(DEFECTS) if grades["rework"] or grades["rejected"] else ""
                    for grade, n in grades.items():
                        if n:
                            sink.add(
                                QualityCheck,
                                (
                                    *clock.head(received, 17), did, grade, n,
                                    defect if grade in ("rework", "rejected") else "",
                                ),
                            )  # fmt: skip
                    for grade, rate in (("A", rate_a), ("B", rate_b)):
                        if grades[grade]:
                            label = "Grado A" if grade == "A" else "Grado B (segunda)"
                            earnings.append(
                                (did, f"{pname} — {label} ({order_number})", received,
                                 grades[grade], member.id, rate)
                            )  # fmt: skip
                            member.events.append((received, grades[grade] * rate))
            for lid, made, product, total in lines:
                sink.add(
                    OrderLine,
                    (lid, site, made, oid, product[0], max(total[0], 1),
                     money(product[2] * 5 // 2)),
                )  # fmt: skip

    # The ledger: earnings as delivery_record writes them, a few corrections.
    by_id = {x.id: x for x in members}
    for did, description, received, n, member_id, rate in earnings:
        eid, made = clock.stamp(received, 17)
        amount = n * rate
        sink.add(
            LedgerEntry,
            (
                eid, site, made, group_id, member_id, "earning", money(amount), "PEN",
                received.isoformat(), description, n, money(rate), None, None,
                "production.delivery", did, coordinator_id,
            ),
        )  # fmt: skip
        fixed = received + timedelta(days=1)
        if rng.random() < 0.005 and fixed <= today:
            sink.add(
                LedgerEntry,
                (
                    *clock.head(fixed, 18), group_id, member_id, "reversal", money(-amount),
                    "PEN", fixed.isoformat(),
                    f"Corrige: {description} — error de conteo"[:200], n, money(rate), eid,
                    None, "", None, coordinator_id,
                ),
            )  # fmt: skip
            by_id[member_id].events.append((fixed, -amount))

    # Month-end payouts of the whole balance; now and then an advance.
    receipt_n = 0
    for member in members:
        member.events.sort()
    cursor = {x.id: 0 for x in members}
    balance = {x.id: 0 for x in members}
    for m in range(scale.months):
        payday = add_months(start, m) + timedelta(days=27)
        if payday > today:
            break
        for member in members:
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
            receipt_n += 1
            receipt = f"{site}-{code}-R{receipt_n:04d}"
            pay_id, made = clock.stamp(payday, 20)
            sink.add(
                Payout,
                (
                    pay_id, site, made, group_id, member.id, receipt, money(amount), "PEN",
                    payday.isoformat(), rng.choice(("cash", "cash", "cash", "yape", "transfer")),
                    advance, coordinator_id,
                ),
            )  # fmt: skip
            sink.add(
                LedgerEntry,
                (
                    *clock.head(payday, 20), group_id, member.id,
                    "advance" if advance else "payout", money(-amount), "PEN",
                    payday.isoformat(), f"Recibo {receipt}", None, None, None, pay_id, "", None,
                    coordinator_id,
                ),
            )  # fmt: skip
            balance[member.id] -= amount
    sink.add(NumberSequence, (group_id, "order", order_n))
    sink.add(NumberSequence, (group_id, "receipt", receipt_n))
    sink.group_done()


def refusal() -> str | None:
    """Why the generator should not write here, or None."""
    n = Group.objects.count()
    if n:
        return f"La base de datos ya tiene {n} grupo(s)."
    return None


def generate(
    *,
    scale: Scale,
    seed: int = DEFAULT_SEED,
    today: date,
    force: bool = False,
    batch: int = 200_000,
    say: Callable[[str], None] = lambda line: None,
    per_group_sites: bool | None = None,
) -> Result:
    """Write `scale` worth of data. Refuses a database with any group unless `force`."""
    started = time.perf_counter()
    existing = Group.objects.count()
    if existing and not force:
        raise GenerateRefused(refusal())
    if per_group_sites is None:
        per_group_sites = scale.groups > 1
    hashed = make_password(PASSWORD)
    org = Organisation.objects.create(name=f"Red de prueba {seed}")
    technique_ids = []
    for name in TECHNIQUES:
        technique, _created = Technique.objects.get_or_create(name=name)
        technique_ids.append(technique.id.hex)
    codes = [_code(existing + i) for i in range(scale.groups)]
    User.objects.bulk_create(
        [User(username=f"coord-{c.lower()}", password=hashed) for c in codes], batch_size=1000
    )
    user_ids = dict(
        User.objects.filter(username__startswith="coord-").values_list("username", "id")
    )
    staff = User.objects.create(username=f"red-{seed}-{existing}", password=hashed)
    sink = Sink(batch, say, scale.groups)
    clock = Clock(random.Random(seed), settings.MINKA_SITE_CODE)
    staff_row_id, made = clock.stamp(today, 9)
    sink.add(
        OrganisationStaff, (staff_row_id, settings.MINKA_SITE_CODE, made, staff.id, org.id.hex)
    )
    fast_load = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0] and not connection.in_atomic_block:
                # The rows are made consistent here (and checked by the tests on SQLite):
                # skip the per-row foreign key triggers, the slowest part of a COPY.
                cursor.execute("SET session_replication_role TO replica")
                fast_load = True
    for i, code in enumerate(codes):
        index = existing + i
        site = f"S{index + 1}" if per_group_sites else settings.MINKA_SITE_CODE
        _build_group(
            sink,
            index=index,
            seed=seed,
            scale=scale,
            today=today,
            site=site,
            organisation_id=org.id.hex,
            coordinator_id=user_ids[f"coord-{code.lower()}"],
            technique_ids=technique_ids,
        )
    sink.flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")
            if fast_load:
                cursor.execute("SET session_replication_role TO DEFAULT")
            if not connection.in_atomic_block:
                say("ANALYZE …")
                cursor.execute("ANALYZE")
    return Result(
        counts=dict(sink.counts),
        seconds=time.perf_counter() - started,
        digest=sink.digest.hexdigest(),
    )


def database_fingerprint(tables: Iterable[type[models.Model]] | None = None) -> str:
    """sha256 over the counts and the money of the generated tables, as stored."""
    digest = hashlib.sha256()
    for model in tables or (Member, Order, Allocation, Delivery, QualityCheck, Payout):
        digest.update(f"{model._meta.label}:{model._default_manager.count()}".encode())
    for row in LedgerEntry.objects.order_by("id").values_list(
        "id", "member_id", "kind", "amount", "entry_date"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()
