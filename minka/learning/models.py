"""Trainings, their sessions and who attended, certificates, and what members want to learn.

A training marked sensitive (rights, violence, reproductive health) keeps its attendance
private: see learning.access.sees_attendance.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from minka.lib.models import MinkaModel
from minka.members.models import Group, Member, SkillLevel, Technique


class TrainingKind(models.TextChoices):
    TECHNIQUE = "technique", _("Técnica")
    QUALITY = "quality", _("Control de calidad")
    PRODUCT = "product", _("Desarrollo de productos")
    COSTING = "costing", _("Costos")
    LEADERSHIP = "leadership", _("Liderazgo")
    RIGHTS = "rights", _("Derechos")
    HEALTH = "health", _("Salud")


class Training(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="trainings")
    topic = models.CharField(_("tema"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=12, choices=TrainingKind.choices)
    trainer_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings_given",
        verbose_name=_("capacitadora (socia)"),
    )
    trainer_name = models.CharField(_("capacitador(a)"), max_length=200, blank=True)
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    starts_on = models.DateField(_("desde"))
    ends_on = models.DateField(_("hasta"))
    sensitive = models.BooleanField(
        _("tema sensible"),
        default=False,
        help_text=_("Derechos, violencia, salud reproductiva: la asistencia queda reservada."),
    )
    technique = models.ForeignKey(
        Technique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("certifica la técnica"),
    )
    level = models.PositiveSmallIntegerField(
        _("al nivel"), choices=SkillLevel.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="training_dates"
            )
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def trainer(self) -> str:
        if self.trainer_member_id is not None and self.trainer_member is not None:
            return self.trainer_member.full_name
        return self.trainer_name

    @property
    def certifies(self) -> bool:
        return self.technique_id is not None and self.level is not None


class TrainingSession(MinkaModel):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("fecha"))
    hours = models.DecimalField(
        _("horas"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )

    class Meta:
        ordering = ["held_on", "created_at"]


class Attendance(MinkaModel):
    """A member at a session; a guest (a husband, a daughter) has no member, only a name."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    guest_name = models.CharField(_("invitado(a)"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attend_once"),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(guest_name=""),
                name="attendance_member_or_guest",
            ),
        ]


class Certificate(MinkaModel):
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="certificates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="certificates")
    issued_on = models.DateField(_("fecha"))
    passed = models.BooleanField(
        _("aprobada por la capacitadora"),
        default=False,
        help_text=_("Si no asistió a todas las sesiones pero aprobó."),
    )

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.UniqueConstraint(fields=["training", "member"], name="one_certificate")
        ]


class LearningWish(MinkaModel):
    """What a member says she wants to learn."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="learning_wishes")
    kind = models.CharField(_("tipo"), max_length=12, choices=TrainingKind.choices)
    technique = models.ForeignKey(
        Technique, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("técnica")
    )
    note = models.CharField(_("qué quiere aprender"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]


# Kinds whose very name says something private; on her pages they read as "Taller" too.
PRIVATE_KINDS = frozenset({TrainingKind.RIGHTS, TrainingKind.HEALTH})


class TrainingNames(MinkaModel):
    """A member's own choice: show the real names of her private trainings on her pages
    (by default a sensitive training reads "Taller": someone at home may see her phone)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="+")
    show_names = models.BooleanField(_("mostrar el nombre de mis talleres"), default=False)


class SensitiveCount(models.Model):
    """Central's count of who came to one session of a sensitive training: no names.

    The attendance rows stay on the site; sync brings these numbers instead (see
    docs/sync.md), and the impact figures add them to the rows they can see. Written only
    by sync when it applies a site's bundle; a site never has any.
    """

    session_id = models.UUIDField(primary_key=True)
    group_id = models.UUIDField(db_index=True)
    members = models.PositiveIntegerField()  # members present
    guests = models.PositiveIntegerField()  # guests present (no member record)
    # Members at this session who came to no earlier session of the same training: summed
    # over a training's sessions, the women it trained, each once.
    newcomers = models.PositiveIntegerField()

    def __str__(self) -> str:
        return str(self.session_id)
