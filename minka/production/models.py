"""Products, buyers, orders, allocations to members, materials, deliveries and QC."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.lib.models import AppendOnly, MinkaModel
from minka.lib.money import CURRENCIES
from minka.members.models import Group, Member, SkillLevel, Technique


class Material(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="materials")
    name = models.CharField(_("insumo"), max_length=120)
    colour = models.CharField(_("color"), max_length=60, blank=True)

    class Meta:
        ordering = ["name", "colour"]

    def __str__(self) -> str:
        return f"{self.name} — {self.colour}" if self.colour else self.name


class Product(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="products")
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=120)
    technique = models.ForeignKey(Technique, on_delete=models.PROTECT, verbose_name=_("técnica"))
    min_level = models.PositiveSmallIntegerField(
        _("nivel mínimo"), choices=SkillLevel.choices, default=SkillLevel.BASIC
    )
    standard_minutes = models.PositiveIntegerField(
        _("minutos por pieza"), validators=[MinValueValidator(1)]
    )
    rate_a = models.DecimalField(
        _("pago por pieza grado A (S/)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    rate_b = models.DecimalField(
        _("pago por pieza grado B (S/)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    wholesale_price = models.DecimalField(
        _("precio por mayor"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    wholesale_currency = models.CharField(max_length=3, choices=CURRENCIES, default="USD")
    retail_price = models.DecimalField(
        _("precio al público (S/)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # A photo of the design, redrawn on upload (minka.lib.images): one for a page, and a
    # small one for the work cards of a member's phone.
    # db_default: the bulk generator (minka/demo/rows.py) inserts products without them.
    photo = models.ImageField(_("foto"), upload_to="products/", blank=True, db_default="")
    thumb = models.ImageField(upload_to="products/", blank=True, editable=False, db_default="")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["group", "code"], name="product_code_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def rate_for(self, grade: str) -> Decimal:
        if grade == Grade.A:
            return self.rate_a
        if grade == Grade.B:
            return self.rate_b
        return Decimal("0")


class ProductMaterial(MinkaModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(Material, on_delete=models.PROTECT)
    grams = models.DecimalField(
        _("gramos por pieza"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )


class Buyer(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="buyers")
    name = models.CharField(_("nombre"), max_length=200)
    country = models.CharField(_("país"), max_length=60, blank=True)
    email = models.EmailField(_("correo"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    CONFIRMED = "confirmed", _("Confirmado")
    IN_PRODUCTION = "in_production", _("En producción")
    DELIVERED = "delivered", _("Entregado al cliente")
    PAID = "paid", _("Pagado por el cliente")
    CANCELLED = "cancelled", _("Anulado")


# Which status may follow which. IN_PRODUCTION is reached by confirming an allocation.
NEXT_STATUS: dict[str, set[str]] = {
    OrderStatus.DRAFT: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.CONFIRMED: {OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED},
    OrderStatus.IN_PRODUCTION: {OrderStatus.DELIVERED},
    OrderStatus.DELIVERED: {OrderStatus.PAID},
    OrderStatus.PAID: set(),
    OrderStatus.CANCELLED: set(),
}


class Order(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, verbose_name=_("cliente"))
    number = models.CharField(_("número"), max_length=32, unique=True)
    status = models.CharField(
        _("estado"), max_length=14, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    currency = models.CharField(_("moneda"), max_length=3, choices=CURRENCIES, default="PEN")
    # Soles per unit of the order's currency, recorded when the order is made.
    exchange_rate = models.DecimalField(
        _("tipo de cambio"), max_digits=8, decimal_places=4, default=Decimal("1")
    )
    ordered_on = models.DateField(_("fecha del pedido"), default=timezone.localdate)
    deadline = models.DateField(_("fecha de entrega"))
    notes = models.TextField(_("notas"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-ordered_on", "-number"]
        indexes = [models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return self.number

    def can_become(self, status: str) -> bool:
        return status in NEXT_STATUS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in {OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION}


class OrderLine(MinkaModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, verbose_name=_("producto"))
    quantity = models.PositiveIntegerField(_("cantidad"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        _("precio unitario"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    deadline = models.DateField(_("fecha de entrega"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def due(self) -> date:
        return self.deadline or self.order.deadline

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


class Allocation(MinkaModel):
    """Pieces of an order line given to one member (encargo)."""

    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="allocations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="allocations")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    reason = models.CharField(_("motivo"), max_length=300, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["member", "line"])]


class Grade(models.TextChoices):
    A = "A", _("Grado A")
    B = "B", _("Grado B (segunda)")
    REWORK = "rework", _("Para rehacer")
    REJECTED = "rejected", _("Rechazada")


# The rule, stated once: a piece graded A or B is accepted. It is paid at its rate,
# counts towards her allocation, may go into stock and counts in the impact figures.
ACCEPTED_GRADES = (Grade.A, Grade.B)
# Graded for good: a piece to rework comes back, so it is not final yet.
FINAL_GRADES = (*ACCEPTED_GRADES, Grade.REJECTED)


class Defect(models.TextChoices):
    SIZE = "size", _("Medidas fuera de tolerancia")
    TENSION = "tension", _("Tensión del tejido irregular")
    COLOUR = "colour", _("Color o mezcla equivocados")
    STAIN = "stain", _("Manchas o suciedad")
    FINISH = "finish", _("Acabado o costura deficiente")
    HOLE = "hole", _("Puntos caídos o huecos")
    DESIGN = "design", _("Diseño distinto al modelo")


class Delivery(MinkaModel):
    """Pieces a member brought back for one allocation, graded at quality control."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="deliveries")
    received_on = models.DateField(_("fecha de entrega"))
    quantity = models.PositiveIntegerField(_("piezas entregadas"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["received_on", "created_at"]


class QualityCheck(MinkaModel):
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="checks")
    grade = models.CharField(max_length=10, choices=Grade.choices)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    defect = models.CharField(_("defecto"), max_length=10, choices=Defect.choices, blank=True)

    class Meta:
        # Pieces of an allocation or order by grade are summed through the delivery. An
        # index on grade alone (four values) led SQLite to scan every graded piece for
        # each order of the order list (bench/run.py, site scale: 150 ms, now 5 ms).
        indexes = [models.Index(fields=["delivery", "grade"])]


class MoveKind(models.TextChoices):
    ISSUE = "issue", _("Entregado a la socia")
    RETURN = "return", _("Devuelto por la socia")
    RECEIVE = "receive", _("Recibido en el centro")
    COUNT = "count", _("Diferencia de un conteo")


# Moves between the centre and one member; the others are the centre's own.
MEMBER_KINDS = (MoveKind.ISSUE, MoveKind.RETURN)


class MaterialSource(models.TextChoices):
    BOUGHT = "bought", _("Comprado por el grupo")
    ORGANISATION = "organisation", _("Enviado por la red u ONG")
    BUYER = "buyer", _("Enviado por el cliente")


class MaterialMove(AppendOnly):
    """Yarn or cloth moving at the centre, in grams, by material and lot. Never charged
    to a member, never changed: a mistake or a count's difference is a new row.

    - receive: into the centre's stock (bought, or sent by the organisation or a buyer);
    - issue / return: handed to a member, or brought back by her;
    - count: the difference found when the stock was counted (signed: + found, - missing),
      with what was counted.
    """

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="material_moves")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="material_moves"
    )
    material = models.ForeignKey(Material, on_delete=models.PROTECT, verbose_name=_("insumo"))
    kind = models.CharField(_("movimiento"), max_length=8, choices=MoveKind.choices)
    # db_default: the bulk generator (minka/demo/rows.py) COPYs moves without these columns.
    lot = models.CharField(_("lote"), max_length=40, blank=True, default="", db_default="")
    grams = models.DecimalField(_("gramos"), max_digits=10, decimal_places=1)
    moved_on = models.DateField(_("fecha"))
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="material_moves"
    )
    source = models.CharField(
        _("de dónde viene"),
        max_length=12,
        choices=MaterialSource.choices,
        blank=True,
        default="",
        db_default="",
    )
    counted = models.DecimalField(
        _("gramos contados"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    note = models.CharField(_("nota"), max_length=200, blank=True, default="", db_default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["moved_on", "created_at"]
        indexes = [models.Index(fields=["group", "material", "lot"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["issue", "return"], member__isnull=False, grams__gt=0)
                    | models.Q(kind="receive", member__isnull=True, grams__gt=0)
                    | models.Q(kind="count", member__isnull=True, counted__gte=0)
                ),
                name="material_move_kind_shape",
            )
        ]


class DeliveryVoid(AppendOnly):
    """A delivery cancelled as a mistake: its pieces count for nothing any more, and the
    earnings it paid are reversed in her ledger. The delivery itself is never deleted."""

    delivery = models.OneToOneField(Delivery, on_delete=models.PROTECT, related_name="void")
    reason = models.CharField(_("motivo"), max_length=150)
    voided_on = models.DateField(_("fecha"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)


class AllocationMove(AppendOnly):
    """Pieces moved from a member who is behind to one with free hours, as the
    coordinator confirmed. The record of why two allocations changed."""

    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="moves")
    from_allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="moved_out"
    )
    to_allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="moved_in")
    pieces = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    moved_on = models.DateField(_("fecha"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["moved_on", "created_at"]


def counted(path: str = "") -> models.Q:
    """Quality checks that count: those of deliveries not cancelled. `path` leads from
    the queried model to the QualityCheck ("" when querying QualityCheck itself)."""
    return models.Q(**{f"{path}delivery__void__isnull": True})
