"""Projects, donors, budgets and spending for generated data (`minka generate`, `minka demo`).

A tool, not the runtime: the lead wires `projects_generate` into the generator once the
data tools have their own app. Everything goes through this app's services, so each
figure is what a user would have made; the same `rng` gives the same projects.

At federation scale (1,000 groups): five donors, a programme covering every group, a
project of 200 groups, and three small ones of 20; each with eight budget lines, two to
four spending records a line per quarter (soles or dollars at a recorded rate; one line
left over budget on purpose), three results with computed indicators, one manual one, and
half-yearly periods over the project's life. Groups get a region if they have none.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import QuerySet

from minka.impact.indicators import add_months, month_start
from minka.members.models import Group, Organisation, OrganisationStaff
from minka.organisation import services
from minka.organisation.models import Donor, DonorType, IndicatorKind, Project

REGIONS = ["Puno", "Cusco", "Ayacucho", "Junín", "Huancavelica", "Apurímac"]
DONORS = [
    ("Fondo Andino para la Mujer", DonorType.FOUNDATION, "XM-OCHA-FAM"),
    ("Cooperación Suiza", DonorType.GOVERNMENT, "XM-DAC-11-1"),
    ("Programa de las Naciones Unidas", DonorType.MULTILATERAL, "XM-DAC-41114"),
    ("Comercio Justo Internacional", DonorType.INGO, "XM-OCHA-CJI"),
    ("Fundación Textil del Sur", DonorType.FOUNDATION, ""),
]
LINES = [
    "Insumos y herramientas",
    "Capacitación técnica",
    "Liderazgo y derechos",
    "Ferias y promoción",
    "Control de calidad",
    "Transporte",
    "Personal de campo",
    "Monitoreo y evaluación",
]
RESULTS = [
    (
        "Las socias ganan más y de forma justa",
        [
            (IndicatorKind.EARNINGS_PER_MONTH, "Ganancia promedio por socia al mes", "120", "200"),
            (IndicatorKind.FAIR_PAY, "Piezas pagadas al pago justo o más", "40", "90"),
        ],
    ),
    (
        "Mejor calidad y entregas",
        [
            (IndicatorKind.ACCEPTANCE, "Piezas aceptadas en control de calidad", "70", "90"),
            (IndicatorKind.PIECES_ACCEPTED, "Piezas aceptadas", "0", "100000"),
        ],
    ),
    (
        "Organizaciones más fuertes",
        [
            (IndicatorKind.WOMEN_TRAINED, "Mujeres capacitadas", "0", "500"),
            (IndicatorKind.RETENTION, "Socias que siguen a los 12 meses", "70", "85"),
            (IndicatorKind.LEADERSHIP, "Socias activas que tuvieron un cargo", "10", "30"),
        ],
    ),
    (
        "Turismo comunitario llevado por las socias",
        [
            (IndicatorKind.VISITS, "Visitas de turismo realizadas", "0", "100"),
            (IndicatorKind.HOST_PAY, "Pago a las anfitrionas", "0", "20000"),
        ],
    ),
]
SIZES = {"tiny": [2], "site": [1], "demo": [2], "federation": [1000, 200, 20, 20, 20]}


@dataclass
class Seeded:
    projects: list[Project] = field(default_factory=list)
    spending: int = 0


def _staff_user(organisation: Organisation) -> User:
    staff = (
        OrganisationStaff.objects.filter(organisation=organisation).select_related("user").first()
    )
    if staff is not None:
        return staff.user
    user, _created = User.objects.get_or_create(username=f"red-proyectos-{organisation.id.hex[:8]}")
    OrganisationStaff.objects.get_or_create(user=user, organisation=organisation)
    return user


def projects_generate(
    *,
    organisation: Organisation,
    groups: QuerySet[Group],
    rng: random.Random,
    scale: str,
    today: date | None = None,
) -> Seeded:
    """Donors, projects over `groups`, budget lines, spending and results (see above)."""
    today = today or date.today()
    by = _staff_user(organisation)
    ids = list(groups.order_by("code").values_list("id", flat=True))
    for i, gid in enumerate(ids):
        Group.objects.filter(id=gid, region="").tracked_update(region=REGIONS[i % len(REGIONS)])
    donors = [
        Donor.objects.create(organisation=organisation, name=name, kind=kind, iati_ref=ref)
        for name, kind, ref in DONORS
    ]
    seeded = Seeded()
    for n, size in enumerate(SIZES.get(scale, [len(ids)])):
        covered = ids[:size] if n == 0 else rng.sample(ids, min(size, len(ids)))
        starts = month_start(today - timedelta(days=rng.randint(400, 700)))
        ends = add_months(starts, 36) - timedelta(days=1)
        currency = "USD" if n % 2 == 0 else "PEN"
        project = services.project_create(
            organisation=organisation,
            code=f"P{n + 1:02d}",
            title=f"Tejiendo futuro {n + 1}" if n else "Programa Manos del Sur",
            description="Proyecto generado para medir.",
            starts_on=starts,
            ends_on=ends,
            currency=currency,
            donors=rng.sample(donors, rng.randint(1, 2)),
            groups=Group.objects.filter(id__in=covered),
        )
        seeded.projects.append(project)
        per_line = Decimal(size * 150 if currency == "USD" else size * 550)
        for li, name in enumerate(LINES):
            line = services.budget_line_add(project=project, name=name, amount=per_line)
            # The first line of every project runs over its budget, to be flagged.
            over = li == 0
            quarter = starts
            while quarter <= min(today, ends):
                for _ in range(rng.randint(2, 4)):
                    spent_on = quarter + timedelta(days=rng.randint(0, 80))
                    if spent_on > today or spent_on > ends:
                        continue
                    paid_in = rng.choice(["PEN", "USD"])
                    share = Decimal(rng.randint(20, 60) if over else rng.randint(2, 8)) / 100
                    amount = (per_line * share / 3).quantize(Decimal("0.01"))
                    rate = Decimal(f"3.{rng.randint(6000, 9000)}")
                    if paid_in == "PEN" and currency == "USD":
                        amount = (amount * rate).quantize(Decimal("0.01"))
                    elif paid_in == "USD" and currency == "PEN":
                        amount = (amount / rate).quantize(Decimal("0.01"))
                    services.spending_record(
                        line=line,
                        spent_on=spent_on,
                        document=f"F{rng.randint(1, 9):03d}-{rng.randint(1, 99999):05d}",
                        description=name.lower(),
                        amount=amount,
                        currency=paid_in,
                        exchange_rate=rate if paid_in != currency else None,
                        by=by,
                    )
                    seeded.spending += 1
                quarter = add_months(quarter, 3)
        halves = [
            (add_months(starts, 6 * h), add_months(starts, 6 * h + 6) - timedelta(days=1))
            for h in range(6)
        ]
        for title, indicators in RESULTS:
            result = services.result_add(project=project, title=title)
            for kind, ind_title, baseline, target in indicators:
                services.indicator_add(
                    result=result,
                    title=ind_title,
                    kind=kind,
                    baseline=Decimal(baseline),
                    baseline_year=starts.year,
                    target=Decimal(target),
                    periods=[(a, b, Decimal(target)) for a, b in halves if a <= today],
                )
        manual = services.indicator_add(
            result=result,
            title="Ferias regionales con participación de los grupos",
            kind=IndicatorKind.MANUAL,
            unit="ferias",
            baseline=Decimal("0"),
            baseline_year=starts.year,
            target=Decimal("12"),
            periods=[(a, b, Decimal("2")) for a, b in halves if b < today],
        )
        for period in manual.periods.all():
            services.manual_actual_set(period=period, value=Decimal(rng.randint(0, 3)))
    return seeded
