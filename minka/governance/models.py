"""Meetings and assemblies, their agreements and votes; the group's rules on fines and
quorum; the executive committee (junta directiva): terms, posts, who held them."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minka.lib.models import MinkaModel
from minka.members.models import Group, Member


class GroupRules(MinkaModel):
    """What the group's statutes say about fines and quorum."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="rules")
    fine_per_absence = models.DecimalField(
        _("multa por faltar a una asamblea (S/)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 = no se multa."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quórum (% de socias activas, más de)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Una asamblea tiene quórum con más de este porcentaje de socias activas."),
    )


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", _("Reunión semanal")
    ASSEMBLY = "assembly", _("Asamblea")


class Meeting(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("tipo"), max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField(_("fecha"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("acta"), blank=True)
    # Active members when the meeting was called: the base of quorum and participation,
    # kept so that later joins and departures do not change a past meeting's figures.
    expected = models.PositiveIntegerField(_("socias activas"), default=0)

    class Meta:
        ordering = ["-held_on", "-created_at"]


class MeetingAttendance(MinkaModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="meetings_attended")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meeting_attend_once")
        ]


class Agreement(MinkaModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agreements")
    text = models.CharField(_("acuerdo"), max_length=500)
    responsible = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("responsable")
    )
    due_on = models.DateField(_("plazo"))

    class Meta:
        ordering = ["due_on", "created_at"]


class Vote(MinkaModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(_("qué se votó"), max_length=300)
    yes = models.PositiveIntegerField(_("a favor"))
    no = models.PositiveIntegerField(_("en contra"))
    abstain = models.PositiveIntegerField(_("abstenciones"), default=0)

    class Meta:
        ordering = ["created_at"]

    @property
    def approved(self) -> bool:
        return self.yes > self.no


class Post(models.TextChoices):
    PRESIDENT = "president", _("Presidenta")
    VICE = "vice", _("Vicepresidenta")
    SECRETARY = "secretary", _("Secretaria")
    TREASURER = "treasurer", _("Tesorera")
    AUDITOR = "auditor", _("Fiscal")
    VOCAL = "vocal", _("Vocal")


class Term(MinkaModel):
    """A period of the executive committee; terms of a group never overlap."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="terms")
    starts_on = models.DateField(_("desde"))
    ends_on = models.DateField(_("hasta"))

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_dates"
            )
        ]

    def __str__(self) -> str:
        return gettext("del %(start)s al %(end)s") % {
            "start": self.starts_on.strftime("%d/%m/%Y"),
            "end": self.ends_on.strftime("%d/%m/%Y"),
        }


class PostHolding(MinkaModel):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="holdings")
    post = models.CharField(_("cargo"), max_length=10, choices=Post.choices)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts_held")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "post"], name="one_holder_per_post"),
            models.UniqueConstraint(fields=["term", "member"], name="one_post_per_member"),
        ]
