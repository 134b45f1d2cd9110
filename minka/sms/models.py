"""SMS: what each member agreed to, the messages that came in and went out, and the
gateway's last known state.

Phones are often shared (a husband's, a daughter's), so SMS is off for a member until a
coordinator records her consent, and each change is a new row saying who, when and how.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from minka.lib.models import MinkaModel
from minka.members.models import Group, Member


class GroupSmsSettings(MinkaModel):
    """Which notices a group sends, since when, and what a segment costs it."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="sms_settings")
    cost_per_segment = models.DecimalField(
        _("costo por SMS (S/)"),
        max_digits=8,
        decimal_places=4,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Lo que cobra el operador por cada parte de 160 letras."),
    )
    # A notice goes out only for what happened after it was turned on, so turning one on
    # never sends the whole history.
    payday_since = models.DateTimeField(null=True, blank=True)
    allocation_since = models.DateTimeField(null=True, blank=True)
    meeting_since = models.DateTimeField(null=True, blank=True)
    training_since = models.DateTimeField(null=True, blank=True)


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Respondido")
    HELP = "help", _("Se envió la ayuda")
    QUIET = "quiet", _("Sin respuesta (ayuda ya enviada hoy)")
    RATE_LIMITED = "limited", _("Sin respuesta (demasiados mensajes)")
    NO_CONSENT = "no_consent", _("Sin respuesta (sin consentimiento)")
    NOT_A_MOBILE = "not_mobile", _("Sin respuesta (no es un celular del Perú)")


class Inbound(MinkaModel):
    """A message gammu-smsd received; its inbox file is read once (spool_name is unique)."""

    spool_name = models.CharField(max_length=200, unique=True)
    sender = models.CharField(_("número"), max_length=40)  # as the modem gave it
    phone = models.CharField(max_length=16, blank=True)  # E.164 when a Peruvian mobile
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True)
    text = models.CharField(max_length=480)  # the start of it: huge messages are cut
    length = models.PositiveIntegerField(default=0)  # characters she actually sent
    word = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["phone", "received_at"])]


class Kind(models.TextChoices):
    ANSWER = "answer", _("Respuesta")
    HELP = "help", _("Ayuda")
    NOTICE = "notice", _("Aviso")


class Status(models.TextChoices):
    QUEUED = "queued", _("En cola")
    SPOOLED = "spooled", _("Entregado a gammu-smsd")
    SENT = "sent", _("Enviado")
    FAILED = "failed", _("Falló")


class Outgoing(MinkaModel):
    """A message to send. Written once into gammu-smsd's outbox under a name made from
    its id and attempt, so a crash between writing and recording never sends it twice."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True)
    phone = models.CharField(_("número"), max_length=16)
    text = models.TextField()
    encoding = models.CharField(max_length=5)
    segments = models.PositiveSmallIntegerField()
    kind = models.CharField(_("tipo"), max_length=8, choices=Kind.choices)
    notice_key = models.CharField(max_length=80, blank=True)  # e.g. payout:<id>: sent once
    reply_to = models.ForeignKey(Inbound, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    spool_name = models.CharField(max_length=200, blank=True)
    spooled_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "notice_key"],
                condition=~models.Q(notice_key=""),
                name="sms_notice_once",
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["phone", "kind", "created_at"]),
            models.Index(fields=["group", "sent_at"]),
        ]


class GatewayState(models.Model):
    """What the `minka sms` worker saw on its last poll (local bookkeeping, never synced)."""

    id = models.BigAutoField(primary_key=True)
    site = models.CharField(max_length=8, unique=True)
    polled_at = models.DateTimeField()
    spool_ok = models.BooleanField(default=False)
    daemon_running = models.BooleanField(null=True)  # None: no PID file configured
    detail = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.site}: {self.polled_at}"
