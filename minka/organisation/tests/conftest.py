"""The organisation's desk, with named people around the shared world (minka/conftest.py):

- sofia: staff of the Red (sees both groups, the desk and every project of it)
- olga: staff of another organisation, Otra ONG, an outsider who must see nothing (404)
- dana: a donor's read-only login: only the project her donor funds, aggregates only
- rosa: coordinator of Camacani, no access to the desk (403)

Camacani has done work: María delivered sweaters (A and B) and was paid, Juana
delivered too; three women went to a training; María held a post.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from minka.conftest import World, make_user, order_in_production
from minka.governance.models import Post, PostHolding, Term
from minka.learning import services as learning
from minka.ledger.services import payout_make
from minka.members.models import Group, Organisation, OrganisationStaff
from minka.organisation import services
from minka.organisation.models import (
    BudgetLine,
    Donor,
    DonorLogin,
    DonorType,
    IndicatorKind,
    Project,
)
from minka.production import services as production


@dataclass
class Desk:
    world: World
    other: Organisation
    other_group: Group
    olga: User
    dana: User
    donor: Donor
    project: Project
    other_project: Project
    materials: BudgetLine
    training_line: BudgetLine
    first: date
    last: date


def build_desk(world: World) -> Desk:
    today = timezone.localdate()
    first = (today - timedelta(days=200)).replace(day=1)
    last = today + timedelta(days=200)
    world.camacani.region = "Puno"
    world.camacani.save()
    world.juli.region = "Puno"
    world.juli.save()
    other = Organisation.objects.create(name="Otra ONG")
    other_group = Group.objects.create(
        organisation=other, name="Asociación Huilloc", code="HUI", region="Cusco"
    )
    olga = make_user("olga", "Olga")
    OrganisationStaff.objects.create(user=olga, organisation=other)
    donor = Donor.objects.create(
        organisation=world.org, name="Fondo Andino", kind=DonorType.FOUNDATION, iati_ref="XM-DAC-FA"
    )
    dana = make_user("dana", "Dana")
    DonorLogin.objects.create(user=dana, donor=donor)
    project = services.project_create(
        organisation=world.org,
        code="TEJE-1",
        title="Tejiendo futuro",
        starts_on=first,
        ends_on=last,
        currency="USD",
        donors=[donor],
        groups=[world.camacani, world.juli],
    )
    other_project = services.project_create(
        organisation=other,
        code="HUI-1",
        title="Huilloc",
        starts_on=first,
        ends_on=last,
        currency="PEN",
        donors=[],
        groups=[other_group],
    )
    materials = services.budget_line_add(project=project, name="Insumos", amount=Decimal("1000.00"))
    training_line = services.budget_line_add(
        project=project, name="Capacitación", amount=Decimal("500.00")
    )

    # Work done in Camacani: sweaters delivered and graded, María paid.
    _order, allocations = order_in_production(world, quantity=6)
    by_member = {a.member_id: a for a in allocations}
    received = today - timedelta(days=3)
    maria_alloc = by_member[world.maria.id]
    production.delivery_record(
        allocation=maria_alloc,
        received_on=received,
        grade_a=2,
        grade_b=1,
        rework=0,
        rejected=0,
        by=world.rosa,
    )
    juana_alloc = by_member[world.juana.id]
    production.delivery_record(
        allocation=juana_alloc,
        received_on=received,
        grade_a=1,
        grade_b=0,
        rework=0,
        rejected=1,
        defect="hole",
        by=world.rosa,
    )
    payout_make(
        member=world.maria,
        amount=Decimal("50.00"),
        paid_on=received,
        method="cash",
        by=world.teresa,
    )
    training = learning.training_create(
        group=world.camacani,
        topic="Tejido con trenzas",
        trainer_name="Capacitadora de la red",
        kind="technique",
        starts_on=received,
        ends_on=received,
    )
    session = learning.session_add(training=training, held_on=received, hours=Decimal("3.0"))
    learning.attendance_record(session=session, members=[world.maria, world.juana, world.carmen])
    term = Term.objects.create(group=world.camacani, starts_on=first, ends_on=last)
    PostHolding.objects.create(term=term, post=Post.PRESIDENT, member=world.maria)

    result = services.result_add(project=project, title="Las socias ganan más por su trabajo")
    for kind, title in (
        (IndicatorKind.PIECES_ACCEPTED, "Piezas aceptadas"),
        (IndicatorKind.ACCEPTANCE, "Tasa de aceptación"),
        (IndicatorKind.EARNINGS, "Ganancias de las socias"),
        (IndicatorKind.WOMEN_TRAINED, "Mujeres capacitadas"),
        (IndicatorKind.FAIR_PAY, "Piezas a pago justo"),
        (IndicatorKind.LEADERSHIP, "Liderazgo"),
    ):
        services.indicator_add(
            result=result,
            title=title,
            kind=kind,
            baseline=Decimal("0"),
            baseline_year=first.year,
            target=Decimal("10"),
            periods=[(first, last, Decimal("10"))],
        )
    manual = services.indicator_add(
        result=result,
        title="Ferias regionales visitadas",
        kind=IndicatorKind.MANUAL,
        unit="ferias",
        baseline=Decimal("0"),
        baseline_year=first.year,
        target=Decimal("4"),
        periods=[(first, last, Decimal("4"))],
    )
    services.manual_actual_set(period=manual.periods.get(), value=Decimal("2"))
    return Desk(
        world,
        other,
        other_group,
        olga,
        dana,
        donor,
        project,
        other_project,
        materials,
        training_line,
        first,
        last,
    )


@pytest.fixture
def desk(world: World) -> Desk:
    return build_desk(world)
