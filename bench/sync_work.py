"""The work a site does, as `minka shell` scripts for bench/sync.py: a group made on an
enrolled site, a season's order shared out, and delivery days through the services
(deliveries graded, earnings on the ledger, a fifth of the members paid).

Each script prints one line `RESULT {json}` with what it wrote.
"""

import json
from typing import Any

COUNTER = """
from minka.sync.models import Counter
def _counter():
    return Counter.objects.filter(name="local").values_list("value", flat=True).first() or 0
"""

# A group of `members` members on a site that enrolled with central for it.
GROUP = (
    COUNTER
    + """
import json
from decimal import Decimal
from django.contrib.auth.models import User
from minka.members.models import Group, GroupRole, Member, Role, Skill, Technique
from minka.production.models import Buyer, Material, Product, ProductMaterial
from minka.sync.enrol import central_peer
start = _counter()
peer = central_peer()
code = {code!r}
g = Group.objects.create(organisation_id=peer.organisation_id, name=f"Asociación {{code}}",
                         code=code, place="Puno")
tech = Technique.objects.order_by("name").first()
user = User.objects.create_user(f"coord-{{code.lower()}}", password="minka-demo",
                                first_name="Rosa")
GroupRole.objects.create(user=user, group=g, role=Role.COORDINATOR)
for n in range(1, {members} + 1):
    m = Member.objects.create(group=g, number=n, first_name=f"Socia {{n}}",
                              last_name="Quispe", community="Camacani", hours_per_week=10)
    Skill.objects.create(member=m, technique=tech, level=2)
yarn = Material.objects.create(group=g, name="Hilo alpaca", colour="Crudo")
p = Product.objects.create(group=g, code="CH-01", name="Chompa", technique=tech, min_level=1,
    standard_minutes=600, rate_a=Decimal("45.00"), rate_b=Decimal("30.00"),
    wholesale_price=Decimal("38.00"), wholesale_currency="USD", retail_price=Decimal("180.00"))
ProductMaterial.objects.create(product=p, material=yarn, grams=Decimal("450"))
Buyer.objects.create(group=g, name="Andean Threads", country="EE. UU.")
print("RESULT " + json.dumps({{"changes": _counter() - start}}))
"""
)

# A season's order for the group: `pieces` pieces for each member, shared out.
SEASON = (
    COUNTER
    + """
import json
from datetime import timedelta
from decimal import Decimal
from django.contrib.auth.models import User
from django.utils import timezone
from minka.members.models import Group, GroupRole, Member, Skill
from minka.production import services
from minka.production.models import Buyer, OrderStatus, Product
start = _counter()
g = Group.objects.get(code={code!r})
by = GroupRole.objects.filter(group=g, role="coordinator").first().user
order = services.order_create(group=g, buyer=Buyer.objects.filter(group=g).first(),
    currency="USD", exchange_rate=Decimal("3.75"), by=by, notes="temporada",
    deadline=timezone.localdate() + timedelta(days=400))
skill = Skill.objects.filter(member__group=g).order_by("member__number").first()
product = Product.objects.create(group=g, code="LL-01", name="Llavero", min_level=1,
    technique_id=skill.technique_id, standard_minutes=20, rate_a=Decimal("3.00"),
    rate_b=Decimal("2.00"), wholesale_price=Decimal("1.50"), wholesale_currency="USD",
    retail_price=Decimal("8.00"))
# Every active member with the technique gets the same share.
members = list(Member.objects.filter(group=g, status="active", skills__technique_id=
    skill.technique_id).distinct().order_by("number")[:{members}])
line = services.order_line_add(order=order, product=product,
    quantity=len(members) * {pieces}, unit_price=Decimal("38.00"))
services.order_set_status(order=order, status=OrderStatus.CONFIRMED)
services.allocations_confirm(line=line, pieces={{m.id: {pieces} for m in members}}, by=by)
print("RESULT " + json.dumps({{"changes": _counter() - start}}))
"""
)

# `days` delivery days: every member with pieces of the season delivers two or three,
# graded; a fifth of them is paid.
DAYS = (
    COUNTER
    + """
import json, time
from decimal import Decimal
from django.core.exceptions import ValidationError
from django.utils import timezone
from minka.ledger.services import payout_make
from minka.members.models import Group, GroupRole
from minka.production.models import Allocation
from minka.production.services import delivery_record
start, t0 = _counter(), time.perf_counter()
g = Group.objects.get(code={code!r})
by = GroupRole.objects.filter(group=g, role="coordinator").first().user
allocs = list(Allocation.objects.filter(line__order__group=g, line__order__notes="temporada")
              .select_related("member").order_by("member__number"))
today = timezone.localdate()
deliveries = payouts = 0
for day in range({days}):
    for i, a in enumerate(allocs):
        delivery_record(allocation=a, received_on=today, grade_a=1 + (i + day) % 2,
                        grade_b=1 if i % 3 == 0 else 0, rework=0,
                        rejected=1 if i % 7 == 0 else 0, defect="size" if i % 7 == 0 else "",
                        by=by)
        deliveries += 1
    for a in allocs[day % 5 :: 5]:
        pay = dict(member=a.member, amount=Decimal("3.00"), paid_on=today, method="cash", by=by)
        try:
            payout_make(**pay)
        except ValidationError:  # she owes the group (an advance): this one is one too
            payout_make(**pay, as_advance=True)
        payouts += 1
print("RESULT " + json.dumps({{"changes": _counter() - start, "deliveries": deliveries,
      "payouts": payouts, "seconds": round(time.perf_counter() - t0, 1)}}))
"""
)


def result(stdout: str) -> dict[str, Any]:
    line = [x for x in stdout.splitlines() if x.startswith("RESULT ")][-1]
    return dict(json.loads(line[len("RESULT ") :]))
