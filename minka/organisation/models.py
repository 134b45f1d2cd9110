"""The organisation's desk: projects and grants, their donors, budget lines and spending,
the results framework (result → indicator → period) and the donor report's summary.

Organisations and groups live in minka.members; this app only adds what an organisation
funds and reports. Indicator actuals are never stored: they are computed from the records
of the project's groups (see indicators.py); only a manual indicator keeps a typed value.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from minka.lib.models import MinkaModel
from minka.lib.money import CURRENCIES
from minka.members.models import Group, Organisation


class DonorType(models.TextChoices):
    """IATI OrganisationType codes a donor of this sector is usually one of."""

    GOVERNMENT = "10", _("Gobierno")
    INGO = "21", _("ONG internacional")
    NGO = "22", _("ONG nacional")
    MULTILATERAL = "40", _("Multilateral")
    FOUNDATION = "60", _("Fundación")
    PRIVATE = "70", _("Sector privado")


class Donor(MinkaModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="donors")
    name = models.CharField(_("nombre"), max_length=200)
    iati_ref = models.CharField(_("identificador IATI"), max_length=100, blank=True)
    kind = models.CharField(_("tipo"), max_length=2, choices=DonorType.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DonorLogin(MinkaModel):
    """A donor's read-only login: its projects' reports and aggregates, nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="donor_logins"
    )
    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="logins")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "donor"], name="donor_login_once")]


class Project(MinkaModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects"
    )
    code = models.CharField(_("código"), max_length=20)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("fin"))
    currency = models.CharField(_("moneda"), max_length=3, choices=CURRENCIES, default="USD")
    # DAC 5-digit purpose code; 32140 is "Cottage industries and handicraft".
    sector = models.CharField(_("sector (código CAD)"), max_length=5, default="32140")
    donors = models.ManyToManyField(Donor, related_name="projects", verbose_name=_("donantes"))
    groups = models.ManyToManyField(Group, related_name="projects", verbose_name=_("grupos"))

    class Meta:
        ordering = ["-starts_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="project_code_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="project_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def iati_identifier(self) -> str:
        prefix = self.organisation.iati_identifier or f"XM-MINKA-{self.organisation.site}"
        return f"{prefix}-{self.code}"


class BudgetLine(MinkaModel):
    """A budget line (partida), in the project's currency."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    name = models.CharField(_("partida"), max_length=200)
    amount = models.DecimalField(
        _("presupuesto"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Spending(MinkaModel):
    """Money spent against a budget line, in soles or dollars at the day's recorded rate.

    `project_amount` is the amount in the project's currency, to the cent, worked out once
    by `spending_record` from the recorded rate; sums are over it, so they are exact."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spending")
    spent_on = models.DateField(_("fecha"))
    document = models.CharField(_("n.º de documento"), max_length=60)
    description = models.CharField(_("detalle"), max_length=200)
    amount = models.DecimalField(_("monto"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("moneda"), max_length=3, choices=CURRENCIES)
    exchange_rate = models.DecimalField(
        _("tipo de cambio (soles por dólar)"), max_digits=8, decimal_places=4
    )
    project_amount = models.DecimalField(max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    # Spending is append-only (the database refuses UPDATE and DELETE): a mistake is
    # corrected by a cancelling row (the same amounts, negative) and, if need be, a new
    # row with the right figures; both point at the row they correct.
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        ordering = ["spent_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0) | models.Q(corrects__isnull=False),
                name="spending_positive",
            ),
            models.UniqueConstraint(
                fields=["corrects"],
                condition=models.Q(amount__lt=0),
                name="spending_cancelled_once",
            ),
        ]

    @property
    def is_cancellation(self) -> bool:
        return self.amount < 0


class Result(MinkaModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("resultado"), max_length=300)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class IndicatorKind(models.TextChoices):
    """How an indicator is computed; every kind but MANUAL comes from the records."""

    ACTIVE_MEMBERS = "active_members", _("Socias activas")
    EARNINGS = "earnings", _("Ganancias de las socias (S/)")
    EARNINGS_PER_MONTH = "earnings_month", _("Ganancia promedio por socia al mes (S/)")
    WOMEN_TRAINED = "women_trained", _("Mujeres capacitadas")
    TRAINING_HOURS = "training_hours", _("Horas de capacitación por socia")
    PIECES_ACCEPTED = "pieces_accepted", _("Piezas aceptadas")
    ACCEPTANCE = "acceptance", _("Piezas aceptadas en control de calidad (%)")
    RETENTION = "retention", _("Socias que siguen a los 12 meses (%)")
    LEADERSHIP = "leadership", _("Socias activas que tuvieron un cargo (%)")
    FAIR_PAY = "fair_pay", _("Piezas pagadas al pago justo o más (%)")
    VISITS = "visits", _("Visitas de turismo realizadas")
    VISITORS = "visitors", _("Visitantes recibidos")
    NIGHTS = "visitor_nights", _("Noches de visitantes en casa de socias")
    HOST_PAY = "host_pay", _("Pago a las anfitrionas (S/)")
    MANUAL = "manual", _("Manual (no hay registro en Minka)")


class Indicator(MinkaModel):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("indicador"), max_length=300)
    kind = models.CharField(_("cómo se calcula"), max_length=16, choices=IndicatorKind.choices)
    unit = models.CharField(_("unidad"), max_length=40, blank=True)
    baseline = models.DecimalField(_("línea de base"), max_digits=14, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("año de la línea de base"))
    target = models.DecimalField(_("meta"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_manual(self) -> bool:
        return self.kind == IndicatorKind.MANUAL


class IndicatorPeriod(MinkaModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    starts_on = models.DateField(_("desde"))
    ends_on = models.DateField(_("hasta"))
    target = models.DecimalField(_("meta del periodo"), max_digits=14, decimal_places=2)
    # Only for a manual indicator: the value typed by staff, shown as typed.
    manual_actual = models.DecimalField(
        _("valor registrado a mano"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="indicator_period_dates",
            )
        ]


class ReportSummary(MinkaModel):
    """The short summary staff write for a donor report of one period, in each language."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="summaries")
    starts_on = models.DateField(_("desde"))
    ends_on = models.DateField(_("hasta"))
    text_es = models.TextField(_("resumen en castellano"), max_length=3000, blank=True)
    text_en = models.TextField(_("resumen en inglés"), max_length=3000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "starts_on", "ends_on"], name="one_summary_per_period"
            )
        ]


class GroupMonth(models.Model):
    """One group's figures for one month, computed from its records by rollup.py.

    A derived summary, never typed and never the only copy of anything: the desk of a
    thousand groups reads these rows instead of adding up ten million ledger entries on
    each visit. `rollup.group_months_refresh` rebuilds any range from the records (after
    a sync, nightly, or when the fair wage changes); `computed_at` says how fresh it is.
    """

    id = models.BigAutoField(primary_key=True)  # local, rebuilt, never synced
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="months")
    month = models.DateField()  # first day of the month
    active_members = models.PositiveIntegerField(default=0)
    pieces_delivered = models.PositiveIntegerField(default=0)  # every grade, rework too
    pieces_accepted = models.PositiveIntegerField(default=0)  # A and B
    pieces_graded = models.PositiveIntegerField(default=0)  # A, B and rejected
    pieces_fair = models.PositiveIntegerField(default=0)  # accepted, paid >= fair_wage
    fair_wage = models.DecimalField(max_digits=8, decimal_places=2)
    paid = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    earnings = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    training_hours = models.DecimalField(max_digits=10, decimal_places=1, default=Decimal("0"))
    orders_due = models.PositiveIntegerField(default=0)
    orders_on_time = models.PositiveIntegerField(default=0)
    # Retention at 12 months as of the month's end (or today, for the current month).
    cohort = models.PositiveIntegerField(default=0)
    retained = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "month"], name="one_group_month")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month:%Y-%m}"


class MemberMonth(models.Model):
    """One member's graded pieces of one month and technique, pre-added by rollup.py
    with GroupMonth: a project's piece indicators over two hundred groups and three years
    sum these narrow rows instead of joining five tables of quality checks. A cache,
    rebuilt from the records, never synced; only used for months the rollup covers and
    while it holds the organisation's current fair wage (member_rollup.py).

    `earned`: her net earnings of the month in soles, on one row of the month (the
    others hold None; a month with earnings and no graded piece gets a row of its own,
    with no technique and no pieces); None on every row of a month without an earned
    entry, so a period with none adds up to None, as the ledger's sum does."""

    id = models.BigAutoField(primary_key=True)  # local, rebuilt, never synced
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    technique = models.ForeignKey(
        "members.Technique", on_delete=models.CASCADE, null=True, related_name="+"
    )
    month = models.DateField()  # first day of the month
    accepted = models.PositiveIntegerField(default=0)  # A and B
    graded = models.PositiveIntegerField(default=0)  # A, B and rejected
    fair = models.PositiveIntegerField(default=0)  # accepted, paid >= fair_wage
    earned = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    fair_wage = models.DecimalField(max_digits=8, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["group", "month"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m}"
