"""Shared test fixtures: two groups and the named people who use them.

- rosa: coordinator of Camacani      - teresa: treasurer of Camacani
- maria: a member (socia) of Camacani, who sees only her own work and money
- lucia: coordinator of Juli, an outsider to Camacani who must see nothing of it
- sofia: staff of the organisation, who sees both groups
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from minka.members.models import (
    Group,
    GroupRole,
    Member,
    Organisation,
    OrganisationStaff,
    Role,
    Skill,
    Technique,
)
from minka.production import services
from minka.production.models import (
    Allocation,
    Buyer,
    Material,
    Order,
    OrderStatus,
    Product,
    ProductMaterial,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PASSWORD = "una-clave-larga"

# The properties hold whatever the machine's load; a shared CI machine must not turn
# slow example generation or a slow example into a failure.
hypothesis_settings.register_profile(
    "minka", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("minka")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Real hashing costs ~0.2 s a user; tests are about access, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    org: Organisation
    camacani: Group
    juli: Group
    knitting: Technique
    weaving: Technique
    rosa: User
    teresa: User
    maria_user: User
    lucia: User
    sofia: User
    maria: Member  # the member record of maria_user
    juana: Member  # another Camacani member, a knitter
    carmen: Member  # a Camacani weaver, no knitting
    juli_member: Member
    sweater: Product
    yarn: Material
    buyer: Buyer

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


def make_user(username: str, first: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, first_name=first)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    org = Organisation.objects.create(name="Red de Artesanas del Altiplano")
    camacani = Group.objects.create(
        organisation=org, name="Asociación Camacani", code="CAM", place="Camacani, Puno"
    )
    juli = Group.objects.create(
        organisation=org, name="Asociación Juli", code="JUL", place="Juli, Puno"
    )
    knitting = Technique.objects.create(name="Tejido a palitos")
    weaving = Technique.objects.create(name="Telar de cintura")

    def member(group: Group, number: int, first: str, last: str, **kw: object) -> Member:
        return Member.objects.create(
            group=group, number=number, first_name=first, last_name=last, community="Camacani", **kw
        )

    maria = member(camacani, 1, "María", "Quispe Mamani", hours_per_week=10)
    juana = member(camacani, 2, "Juana", "Condori Apaza", hours_per_week=10)
    carmen = member(camacani, 3, "Carmen", "Huanca Ccama", hours_per_week=10)
    juli_member = member(juli, 1, "Eulalia", "Choque Ticona", hours_per_week=10)
    for m in (maria, juana, juli_member):
        Skill.objects.create(member=m, technique=knitting, level=2)
    Skill.objects.create(member=carmen, technique=weaving, level=3)

    rosa = make_user("rosa", "Rosa")
    teresa = make_user("teresa", "Teresa")
    maria_user = make_user("maria", "María")
    lucia = make_user("lucia", "Lucía")
    sofia = make_user("sofia", "Sofía")
    GroupRole.objects.create(user=rosa, group=camacani, role=Role.COORDINATOR)
    GroupRole.objects.create(user=teresa, group=camacani, role=Role.TREASURER)
    GroupRole.objects.create(user=maria_user, group=camacani, role=Role.MEMBER, member=maria)
    GroupRole.objects.create(user=lucia, group=juli, role=Role.COORDINATOR)
    OrganisationStaff.objects.create(user=sofia, organisation=org)

    yarn = Material.objects.create(group=camacani, name="Hilo alpaca baby", colour="Crudo")
    sweater = Product.objects.create(
        group=camacani,
        code="CH-01",
        name="Chompa trenzada",
        technique=knitting,
        min_level=2,
        standard_minutes=600,
        rate_a=Decimal("45.00"),
        rate_b=Decimal("30.00"),
        wholesale_price=Decimal("38.00"),
        wholesale_currency="USD",
        retail_price=Decimal("180.00"),
    )
    ProductMaterial.objects.create(product=sweater, material=yarn, grams=Decimal("450"))
    buyer = Buyer.objects.create(
        group=camacani, name="Andean Threads Cooperative", country="EE. UU."
    )
    return World(
        org,
        camacani,
        juli,
        knitting,
        weaving,
        rosa,
        teresa,
        maria_user,
        lucia,
        sofia,
        maria,
        juana,
        carmen,
        juli_member,
        sweater,
        yarn,
        buyer,
    )


def order_in_production(world: World, quantity: int = 6) -> tuple[Order, list[Allocation]]:
    """A confirmed USD order for sweaters, shared out as Minka proposes."""
    order = services.order_create(
        group=world.camacani,
        buyer=world.buyer,
        currency="USD",
        exchange_rate=Decimal("3.7500"),
        deadline=timezone.localdate() + timedelta(days=60),
        by=world.rosa,
    )
    line = services.order_line_add(
        order=order, product=world.sweater, quantity=quantity, unit_price=Decimal("38.00")
    )
    services.order_set_status(order=order, status=OrderStatus.CONFIRMED)
    plan = services.allocation_plan(line=line)
    allocations = services.allocations_confirm(
        line=line,
        pieces={e.share.candidate.member_id: e.share.pieces for e in plan.explained},
        by=world.rosa,
    )
    order.refresh_from_db()
    return order, allocations


# --- real browser ---------------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium() -> Iterator["Browser"]:
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not
    possible offline). Playwright's sync API runs an event loop in this thread, so Django
    is told the ORM calls made by the test between page steps are safe."""
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Browser tests need Chromium: apt-get install chromium (scripts/test does)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_world(transactional_db: None, live_server: Any) -> World:
    return build_world()


def browser_login(page: "Page", base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
