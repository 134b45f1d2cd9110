"""Organisations, groups, members, their skills, and who may do what in a group."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.lib.models import AppendOnly, MinkaModel


class Organisation(MinkaModel):
    name = models.CharField(_("nombre"), max_length=200)
    # IATI organisation identifier (e.g. "PE-RUC-20123456789"); the prefix of its projects'.
    iati_identifier = models.CharField(_("identificador IATI"), max_length=100, blank=True)
    # Soles per hour; empty means the legal default (see minka/members/fairpay.py).
    fair_hourly_wage = models.DecimalField(
        _("pago justo por hora (S/)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    def __str__(self) -> str:
        return self.name


class Group(MinkaModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="groups", verbose_name=_("red")
    )
    name = models.CharField(_("nombre"), max_length=200)
    code = models.CharField(
        _("código"),
        max_length=8,
        unique=True,
        help_text=_("De 2 a 8 letras, como CAM; va en los números de pedidos y recibos"),
    )
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    # db_default: the bulk generator COPYs groups without this column.
    region = models.CharField(
        _("región"), max_length=60, blank=True, default="", db_default="", db_index=True
    )

    def __str__(self) -> str:
        return self.name


class Language(models.TextChoices):
    SPANISH = "es", _("Castellano")
    QUECHUA = "qu", _("Quechua")
    AYMARA = "ay", _("Aymara")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Activa")
    INACTIVE = "inactive", _("Inactiva")
    LEFT = "left", _("Retirada")


class Member(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="members")
    number = models.PositiveIntegerField(_("número de socia"))
    first_name = models.CharField(_("nombres"), max_length=100)
    last_name = models.CharField(_("apellidos"), max_length=100)
    community = models.CharField(_("comunidad"), max_length=120, blank=True)
    languages = models.JSONField(_("idiomas"), default=list, blank=True)
    joined_on = models.DateField(_("fecha de ingreso"), default=timezone.localdate)
    status = models.CharField(
        _("estado"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    # When she left the group (status "left"): retention figures count from it.
    left_on = models.DateField(_("fecha de retiro"), null=True, blank=True)
    phone = models.CharField(_("celular"), max_length=20, blank=True)
    photo = models.ImageField(_("foto"), upload_to="members/", blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("horas por semana"),
        default=10,
        validators=[MaxValueValidator(80)],
        help_text=_("Horas que puede dar a pedidos cada semana"),
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="member_number_per_group")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE


class Technique(MinkaModel):
    """A craft technique: tejido a palitos, telar de cintura, bordado..."""

    name = models.CharField(_("técnica"), max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("Básico")
    INTERMEDIATE = 2, _("Intermedio")
    ADVANCED = 3, _("Avanzado")


class Skill(MinkaModel):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="skills")
    technique = models.ForeignKey(Technique, on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(
        _("nivel"),
        choices=SkillLevel.choices,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "technique"], name="one_skill_per_technique")
        ]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinadora")
    TREASURER = "treasurer", _("Tesorera")
    MEMBER = "member", _("Socia")


class GroupRole(MinkaModel):
    """What a user may do in one group. A member-role user is tied to her Member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=12, choices=Role.choices)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group", "role"], name="one_role_once")
        ]


class OrganisationStaff(MinkaModel):
    """Staff of a supporting organisation see every group of it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_of"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="staff_once")]


class Sequence(models.Model):
    """Per-group counters for human numbers (order 12, receipt 305).

    Keyed by group and name, not by site alone, so numbers stay dense within a group;
    the site code in front keeps two sites from ever printing the same number.
    """

    id = models.BigAutoField(primary_key=True)  # local bookkeeping, never synced
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    name = models.CharField(max_length=20)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="one_sequence_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.last}"

    @classmethod
    def next_number(cls, group: Group, name: str, prefix: str) -> str:
        """The next human number, e.g. 'S1-CAM-R0007'. Call inside a transaction."""
        with transaction.atomic():
            seq, _created = cls.objects.select_for_update().get_or_create(group=group, name=name)
            seq.last += 1
            seq.save(update_fields=["last"])
        return f"{settings.MINKA_SITE_CODE}-{group.code}-{prefix}{seq.last:04d}"


class Action(models.TextChoices):
    VIEW_MEMBER = "view_member", _("Vio los datos de una socia")
    VIEW_STATEMENT = "view_statement", _("Vio la cuenta de una socia")
    VIEW_PHONES = "view_phones", _("Vio la lista de socias con celulares")
    VIEW_SENSITIVE = "view_sensitive", _("Vio la asistencia a una capacitación reservada")
    EXPORT = "export", _("Descargó datos")
    EDIT_MEMBER = "edit_member", _("Cambió los datos de una socia")
    CONSENT = "consent", _("Registró un consentimiento")
    ROLE = "role", _("Cambió un rol")
    ANONYMISE = "anonymise", _("Anonimizó a una socia")
    VIEW_REFERRALS = "view_referrals", _("Vio derivaciones")
    REFERRAL = "referral", _("Registró una derivación")


class AccessLogEntry(AppendOnly):
    """Who saw or changed what of whom, when, and from where. Append-only like the ledger."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["group", "created_at"]),
            models.Index(fields=["user", "created_at"]),
        ]


def page_language_for(member: Member) -> str:
    """The language of her pages, from her record: her home language if Minka speaks it
    (Quechua first, then Aymara), else Spanish."""
    spoken = member.languages or []
    for code in (Language.QUECHUA, Language.AYMARA):
        if code in spoken:
            return str(code)
    return "es-pe"
