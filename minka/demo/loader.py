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

import time
from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from minka.demo.base import DemoResult
from minka.demo.specs import CAMACANI, JULI, LOGINS, ORGANISATION, DemoRefused
from minka.demo.stories import DemoBuilder
from minka.members.models import Group


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
        result = DemoBuilder(say=say, today=today or date.today()).build()
    result.seconds = time.monotonic() - started
    return result
