"""`minka generate`: realistic data at named scales, fast, the same for the same seed.

For measuring, not for showing: where the demo goes through the services one record at a
time, this writes the production side in bulk (rows.py, bulkwrite.py) and the ledger's
rows through the ledger's bulk door (ledger_rows.py), streaming group by group, so a
federation of a thousand groups and ten million ledger entries fits in minutes and in
little memory. Amounts come from the rules the services use (gen_work.py); trainings,
meetings with fines and sales go through the services themselves (gen_community.py).

Everything is random.Random(f"{seed}:{group}"), bulk ids included (uuid7 layout: the
record's own time, then random bits), and dates count back from `today`; so two runs with
the same seed and day give the same rows (see `Result.digest` for the bulk rows and
`database_fingerprint` for everything).
"""

import hashlib
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, models

from minka.demo.gen_community import Community
from minka.demo.gen_group import TECHNIQUES
from minka.demo.gen_work import GeneratedGroup
from minka.demo.rows import Clock, Scale, Sink, group_code
from minka.governance.models import Meeting, MeetingAttendance
from minka.learning.models import Attendance, Training
from minka.ledger.models import LedgerEntry, Payout
from minka.members.models import Group, Member, Organisation, OrganisationStaff, Technique
from minka.production.models import Allocation, Delivery, Order, QualityCheck
from minka.sales.models import Sale

__all__ = ["DEFAULT_SEED", "SCALES", "GenerateRefused", "Result", "Scale", "generate"]

PASSWORD = "minka-bench"
DEFAULT_SEED = 4

SCALES = {
    "tiny": Scale(groups=2, members=8, months=4),
    "site": Scale(groups=1, members=60, months=36),
    "federation": Scale(groups=1000, members=100, months=36, community_every=100),
}


class GenerateRefused(Exception):
    pass


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    digest: str = ""  # sha256 of every bulk row written, in order


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
    codes = [group_code(existing + i) for i in range(scale.groups)]
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
    extra: dict[str, int] = {}  # rows the services wrote
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
        work = GeneratedGroup(
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
        work.build_work()
        if i % scale.community_every == 0:
            sink.flush()  # the services read and lock the rows written so far
            for label, n in Community(work, seed=seed).build().items():
                extra[label] = extra.get(label, 0) + n
        work.finish()
    sink.flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")
            if fast_load:
                cursor.execute("SET session_replication_role TO DEFAULT")
            if not connection.in_atomic_block:
                say("ANALYZE …")
                cursor.execute("ANALYZE")
    counts = dict(sink.counts)
    for label, n in extra.items():
        counts[label] = counts.get(label, 0) + n
    return Result(
        counts=counts,
        seconds=time.perf_counter() - started,
        digest=sink.digest.hexdigest(),
    )


def database_fingerprint(tables: Iterable[type[models.Model]] | None = None) -> str:
    """sha256 over the counts and the money of the generated tables, as stored.

    Rows the services wrote carry ids and times of the moment they were written, so the
    ledger is read by what does not change: whose, which kind, how much, which day, why.
    """
    digest = hashlib.sha256()
    for model in tables or (
        Member, Order, Allocation, Delivery, QualityCheck, Payout, Training, Attendance,
        Meeting, MeetingAttendance, Sale,
    ):  # fmt: skip
        digest.update(f"{model._meta.label}:{model._default_manager.count()}".encode())
    for row in LedgerEntry.objects.order_by(
        "member_id", "entry_date", "kind", "amount", "description"
    ).values_list("member_id", "kind", "amount", "entry_date", "description"):
        digest.update(repr(row).encode())
    return digest.hexdigest()
