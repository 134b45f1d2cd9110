"""Community tourism run by the members: what the group offers, who can host, bookings
and who hosts each visit.

Money never lives here: when a visit is done its payment goes into the cash book
(minka.cash), each host's share into her ledger (minka.ledger, kind HOST_PAY) and the
group's share into the group fund (minka.sales). A booking keeps the figures of its
split so the page can show them, and the visitor's name and contact only until
`forget_on`."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minka.lib.models import MinkaModel
from minka.lib.money import CURRENCIES
from minka.members.models import Group, Member, Technique

FORGET_AFTER_DAYS = 30  # the visitor's name and contact are kept this long after the visit


class ExperienceKind(models.TextChoices):
    DEMONSTRATION = "demo", _("Demostración de tejido")
    CLASS = "class", _("Clase de tejido")
    MEAL = "meal", _("Comida")
    HOMESTAY = "homestay", _("Estadía en casa")


class HostShareMode(models.TextChoices):
    PERCENT = "percent", _("Un porcentaje para las anfitrionas")
    FIXED = "fixed", _("Un monto fijo por visitante para las anfitrionas")


WEEKDAYS = [
    (0, _("lunes")),
    (1, _("martes")),
    (2, _("miércoles")),
    (3, _("jueves")),
    (4, _("viernes")),
    (5, _("sábado")),
    (6, _("domingo")),
]


class Experience(MinkaModel):
    """A visit the group offers: a demonstration, a class, a meal, a home stay."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="experiences")
    kind = models.CharField(_("tipo"), max_length=10, choices=ExperienceKind.choices)
    name_es = models.CharField(_("nombre (castellano)"), max_length=120)
    name_en = models.CharField(_("nombre (inglés)"), max_length=120, blank=True)
    description_es = models.TextField(_("descripción (castellano)"), blank=True)
    description_en = models.TextField(_("descripción (inglés)"), blank=True)
    price_pen = models.DecimalField(_("precio por persona (S/)"), max_digits=10, decimal_places=2)
    price_usd = models.DecimalField(_("precio por persona (US$)"), max_digits=10, decimal_places=2)
    share_mode = models.CharField(
        _("parte de las anfitrionas"),
        max_length=8,
        choices=HostShareMode.choices,
        default=HostShareMode.PERCENT,
    )
    hosts_percent = models.DecimalField(
        _("porcentaje para las anfitrionas"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    hosts_fixed_pen = models.DecimalField(
        _("monto fijo por visitante (S/)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    capacity = models.PositiveSmallIntegerField(
        _("visitantes como máximo por día"), validators=[MinValueValidator(1)]
    )
    days = models.JSONField(_("días que se ofrece"), default=list)  # weekday numbers, 0 = Monday
    nights = models.PositiveSmallIntegerField(_("noches"), default=0)
    visitors_per_host = models.PositiveSmallIntegerField(
        _("visitantes por anfitriona"),
        default=8,
        validators=[MinValueValidator(1)],
        help_text=_("En una estadía cuentan las camas de cada casa."),
    )
    technique = models.ForeignKey(
        Technique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("técnica que debe saber la anfitriona"),
    )
    min_level = models.PositiveSmallIntegerField(
        _("nivel mínimo"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    free_cancel_days = models.PositiveSmallIntegerField(
        _("días antes para cancelar sin costo"), default=7
    )
    public = models.BooleanField(_("mostrar en la página pública"), default=True)
    active = models.BooleanField(_("se ofrece"), default=True)

    class Meta:
        ordering = ["kind", "name_es"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price_pen__gt=0), name="experience_pen_gt0"),
            models.CheckConstraint(condition=models.Q(price_usd__gt=0), name="experience_usd_gt0"),
        ]

    def __str__(self) -> str:
        return self.name_es

    @property
    def name(self) -> str:
        """In the reader's language, Spanish when no English was written."""
        return self.name_en if _english() and self.name_en else self.name_es

    @property
    def description(self) -> str:
        return self.description_en if _english() and self.description_en else self.description_es

    @property
    def is_homestay(self) -> bool:
        return self.kind == ExperienceKind.HOMESTAY

    def price(self, currency: str) -> Decimal:
        return self.price_usd if currency == "USD" else self.price_pen

    def offered_on(self, day: date) -> bool:
        return day.weekday() in self.days

    def day_names(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(str(names[d]) for d in sorted(self.days) if d in names)


def _english() -> bool:
    return (get_language() or "").startswith("en")


class ExperiencePhoto(MinkaModel):
    """A photo of an experience, checked and re-encoded on the way in (see images.py)."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="tourism/")
    caption_es = models.CharField(_("leyenda (castellano)"), max_length=200, blank=True)
    caption_en = models.CharField(_("leyenda (inglés)"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def caption(self) -> str:
        return self.caption_en if _english() and self.caption_en else self.caption_es


class HostProfile(MinkaModel):
    """What a member offers as a host: her home's beds, and whether her name and story
    may show on the public page (never without her consent)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="host_profile")
    beds = models.PositiveSmallIntegerField(
        _("camas para visitantes en su casa"), default=0, validators=[MaxValueValidator(20)]
    )
    home_description = models.CharField(_("la casa"), max_length=200, blank=True)
    story = models.TextField(_("su historia"), blank=True)
    public_consent = models.BooleanField(
        _("aceptó que se publique su nombre e historia"), default=False
    )


class Channel(models.TextChoices):
    WEB = "web", _("Página pública")
    DIRECT = "direct", _("Directa (teléfono, en persona)")
    AGENCY = "agency", _("Agencia")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Solicitada")
    PROPOSED = "proposed", _("Otra fecha propuesta")
    CONFIRMED = "confirmed", _("Confirmada")
    DECLINED = "declined", _("Rechazada")
    CANCELLED = "cancelled", _("Cancelada")
    DONE = "done", _("Realizada")


OPEN_STATUSES = (BookingStatus.REQUESTED, BookingStatus.PROPOSED)


class Booking(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="bookings")
    experience = models.ForeignKey(Experience, on_delete=models.PROTECT, related_name="bookings")
    number = models.CharField(_("número"), max_length=32, unique=True)
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    channel = models.CharField(_("vía"), max_length=8, choices=Channel.choices)
    visit_date = models.DateField(_("fecha de la visita"))
    proposed_date = models.DateField(_("fecha propuesta"), null=True, blank=True)
    people = models.PositiveSmallIntegerField(_("personas"), validators=[MinValueValidator(1)])
    nights = models.PositiveSmallIntegerField(default=0)
    currency = models.CharField(_("moneda"), max_length=3, choices=CURRENCIES, default="PEN")
    price_per_person = models.DecimalField(max_digits=10, decimal_places=2)
    # The visitor's own data: kept only until forget_on, then blanked (see services).
    visitor_name = models.CharField(_("nombre"), max_length=120, blank=True)
    visitor_contact = models.CharField(_("teléfono o correo"), max_length=120, blank=True)
    message = models.TextField(_("mensaje"), blank=True)
    requester_key = models.CharField(max_length=64, blank=True)  # a hash, for the rate limit
    forget_on = models.DateField()
    forgotten = models.BooleanField(default=False)
    agency_name = models.CharField(_("agencia"), max_length=120, blank=True)
    commission_percent = models.DecimalField(
        _("comisión de la agencia (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
    )
    deposit = models.DecimalField(_("adelanto"), max_digits=12, decimal_places=2, default=0)
    note = models.CharField(_("nota"), max_length=200, blank=True)  # why declined, cancelled...
    hosts_reason = models.CharField(
        _("motivo del cambio de anfitrionas"), max_length=200, blank=True
    )
    # The split, filled when the visit is done or cancelled with money kept.
    received = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    commission = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    exchange_rate = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    hosts_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fund_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["visit_date", "created_at"]
        indexes = [
            models.Index(fields=["group", "status", "visit_date"]),
            models.Index(fields=["requester_key", "created_at"]),
            models.Index(fields=["forgotten", "forget_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(people__gte=1), name="booking_people_gte1"),
            models.CheckConstraint(
                condition=models.Q(price_per_person__gt=0), name="booking_price_gt0"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def total(self) -> Decimal:
        return self.price_per_person * self.people

    @property
    def last_day(self) -> date:
        """The last day the visit takes: its date, or its last night for a home stay."""
        return self.visit_date + timedelta(days=max(self.nights - 1, 0))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class HostAssignment(MinkaModel):
    """A member hosting a visit; `pay` is her share once the visit is done."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="hosts")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="host_assignments")
    visitors = models.PositiveSmallIntegerField(default=0)  # the guests she takes
    first_day = models.DateField()
    last_day = models.DateField()
    proposed = models.BooleanField(default=True)  # Minka proposed her (not a change)
    pay = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["booking", "member__number"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "member"], name="host_once_per_booking")
        ]
        indexes = [models.Index(fields=["member", "first_day"])]


class HostChange(MinkaModel):
    """The coordinator changed Minka's proposal: who was proposed, who hosts, and why."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="host_changes")
    proposed_names = models.CharField(max_length=400)
    chosen_names = models.CharField(max_length=400)
    reason = models.CharField(_("motivo"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["created_at"]
