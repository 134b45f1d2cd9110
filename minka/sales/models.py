"""Selling: where finished pieces are, what sold, and who gets what share of the money.

Stock is an append-only log of moves (StockMove); what a place holds is a SUM over the
log, checked under a lock before each write, so it can never go negative. A piece is
known by its design, its maker and its origin (accepted from an order, already paid at a
piece rate; or made by her on her own for sale). Money from a sale goes to the maker's
ledger (minka.ledger, kind SALE_SHARE), to the group fund (FundEntry) and, for a partner
store, to the store's commission (kept on the sale line)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from minka.lib.models import AppendOnly, AppendOnlyQuerySet, MinkaModel
from minka.lib.money import cents
from minka.members.models import Group, Member
from minka.production.models import Delivery, Product


class LocationKind(models.TextChoices):
    SHOP = "shop", _("Tienda del grupo")
    FAIR = "fair", _("Feria")
    STORE = "store", _("Tienda aliada (consignación)")


class Location(MinkaModel):
    """A place where pieces are: the group's shop, a fair, a partner store."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="sale_locations")
    name = models.CharField(_("nombre"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=6, choices=LocationKind.choices)
    commission_percent = models.DecimalField(
        _("comisión de la tienda (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    contact = models.CharField(_("contacto"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="location_name_per_group")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_store(self) -> bool:
        return self.kind == LocationKind.STORE


class Origin(models.TextChoices):
    PRODUCTION = "production", _("De un pedido (ya pagada por pieza)")
    OWN = "own", _("Hecha por la socia para la venta")


class MoveKind(models.TextChoices):
    PRODUCTION = "production", _("Aceptada en control de calidad")
    OWN = "own", _("Hecha por la socia")
    MOVE = "move", _("Traslado")
    CONSIGN = "consign", _("Enviada a tienda aliada")
    STORE_RETURN = "store_return", _("Devuelta por la tienda")
    SALE = "sale", _("Venta")
    STORE_SOLD = "store_sold", _("Vendida por la tienda")
    SALE_VOID = "sale_void", _("Venta anulada: vuelve al lugar")


class Sale(MinkaModel):
    """One sale: at the group's shop or a fair (paid on the spot), or reported by a store."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="sales")
    number = models.CharField(_("número"), max_length=32, unique=True)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="sales")
    sold_on = models.DateField(_("fecha"))
    method = models.CharField(_("forma de pago"), max_length=10)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    settlement = models.ForeignKey(
        "Settlement", on_delete=models.PROTECT, null=True, blank=True, related_name="sales"
    )
    sold_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-sold_on", "-created_at"]
        indexes = [models.Index(fields=["group", "sold_on"])]

    def __str__(self) -> str:
        return self.number


class SaleVoid(AppendOnly):
    """A sale cancelled by mistake: its pieces go back, its shares are reversed. Once."""

    sale = models.OneToOneField(Sale, on_delete=models.PROTECT, related_name="void")
    reason = models.CharField(_("motivo"), max_length=150)
    voided_on = models.DateField(_("fecha"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)


class SaleLine(MinkaModel):
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    maker = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="sale_lines")
    origin = models.CharField(max_length=10, choices=Origin.choices)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    total = models.DecimalField(max_digits=12, decimal_places=2)
    commission = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    maker_share = models.DecimalField(max_digits=12, decimal_places=2)
    fund_share = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["created_at", "id"]


class StockMove(AppendOnly):
    """Pieces of one design by one maker moving into, between or out of places."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="stock_moves")
    kind = models.CharField(max_length=12, choices=MoveKind.choices)
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    maker = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="stock_moves")
    origin = models.CharField(max_length=10, choices=Origin.choices)
    from_location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="moves_out"
    )
    to_location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="moves_in"
    )
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    moved_on = models.DateField(_("fecha"))
    delivery = models.OneToOneField(
        Delivery, on_delete=models.PROTECT, null=True, blank=True, related_name="stock_move"
    )  # one receipt into stock per production delivery, never two
    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, null=True, blank=True, related_name="moves"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["moved_on", "created_at"]
        indexes = [models.Index(fields=["group", "product", "maker"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_location__isnull=False)
                | models.Q(to_location__isnull=False),
                name="stock_move_has_a_place",
            )
        ]


class ShareMode(models.TextChoices):
    PERCENT = "percent", _("Un porcentaje de la venta para la socia")
    FIXED = "fixed", _("Un monto fijo por pieza para la socia")


class ShareRule(MinkaModel):
    """The group's rule for the maker's share of a sale; the rest goes to the fund."""

    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="share_rule")
    mode = models.CharField(
        _("regla"), max_length=8, choices=ShareMode.choices, default=ShareMode.PERCENT
    )
    maker_percent = models.DecimalField(
        _("porcentaje para la socia"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("45.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    fixed_per_piece = models.DecimalField(
        _("monto fijo por pieza (S/)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    share_piece_rate = models.BooleanField(
        _("también para piezas ya pagadas por pieza"),
        default=False,
        help_text=_(
            "Normalmente una pieza de pedido ya se pagó a la socia; marque si el grupo "
            "decidió darle también una parte de la venta."
        ),
    )


class FundKind(models.TextChoices):
    SALE_SHARE = "sale_share", _("Parte de una venta")
    EXPENSE = "expense", _("Gasto")
    INCOME = "income", _("Otro ingreso")
    CORRECTION = "correction", _("Corrección")


class ExpenseCategory(models.TextChoices):
    MATERIALS = "materials", _("Insumos")
    TRANSPORT = "transport", _("Transporte")
    FAIR_FEE = "fair_fee", _("Pago de feria")
    OTHER = "other", _("Otro")


class FundQuerySet(AppendOnlyQuerySet):
    def balance(self) -> Decimal:
        total = self.aggregate(total=Coalesce(Sum("amount"), Decimal("0")))["total"]
        return cents(Decimal(total))


class FundEntry(AppendOnly):
    """The group fund: its share of sales in, its expenses out. Balance is a SUM."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="fund_entries")
    kind = models.CharField(max_length=10, choices=FundKind.choices)
    category = models.CharField(
        _("categoría"), max_length=10, choices=ExpenseCategory.choices, blank=True
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    entry_date = models.DateField(_("fecha"))
    description = models.CharField(_("detalle"), max_length=200)
    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, null=True, blank=True, related_name="fund_entries"
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = FundQuerySet.as_manager()  # type: ignore[misc]  # the fund's queryset in place of the append-only one

    class Meta:
        ordering = ["entry_date", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="fund_entry_not_zero")
        ]


class Settlement(MinkaModel):
    """A partner store's account for a period: what it sold, its commission, what it owes."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="settlements")
    store = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="settlements")
    number = models.CharField(_("número"), max_length=32, unique=True)
    period_start = models.DateField(_("desde"))
    period_end = models.DateField(_("hasta"))
    gross = models.DecimalField(max_digits=12, decimal_places=2)
    commission = models.DecimalField(max_digits=12, decimal_places=2)
    owed_to_group = models.DecimalField(max_digits=12, decimal_places=2)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-period_end", "-created_at"]


class StorePayment(AppendOnly):
    """The store paid the group (all or part of) what a settlement says it owes; the
    money goes into the group's cash book in the same transaction."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="store_payments")
    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    method = models.CharField(_("forma de pago"), max_length=10)
    paid_on = models.DateField(_("fecha"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["paid_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="store_payment_positive")
        ]


class CatalogueEntry(MinkaModel):
    """How a design shows in the public catalogue. The maker's story only with her consent."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="catalogue")
    public = models.BooleanField(_("mostrar en el catálogo público"), default=False)
    photo = models.ImageField(_("foto"), upload_to="catalogue/", blank=True)
    design_story = models.TextField(_("historia del diseño"), blank=True)
    maker = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("artesana")
    )
    maker_story = models.TextField(_("historia de la artesana"), blank=True)
    maker_consent = models.BooleanField(
        _("la artesana aceptó que se publique su nombre e historia"), default=False
    )
