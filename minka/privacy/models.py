"""What each woman agreed to, who looked at her data, and referrals without a case file.

Peru's personal data law (Ley 29733, DS 016-2024-JUS) gives her access, correction,
cancellation and objection, and asks for recorded consent. Primero (UNICEF) is the model
for referrals: consent first, no narrative, every view logged.

This app sits just above members: any app may record an access or ask for a consent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minka.lib.models import AppendOnly, MinkaModel
from minka.members.models import Group, Member, Organisation


class Purpose(models.TextChoices):
    CATALOGUE = "catalogue", _("Su foto e historia en el catálogo público")
    SMS = "sms", _("Mensajes SMS a su celular")
    SHARE = "share", _("Compartir sus datos con la organización (sincronización)")
    REPORT_BY_NAME = "report_by_name", _("Aparecer con su nombre en informes a donantes")


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", _("Firma en papel")
    THUMBPRINT = "thumbprint", _("Huella digital")
    SPOKEN = "spoken", _("De palabra, ante un testigo")


class Consent(AppendOnly):
    """One decision of hers: given or withdrawn. The newest per purpose is in force; with
    none recorded the narrowest use applies (as if she said no)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("para qué"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("acepta"))
    method = models.CharField(_("cómo lo dio"), max_length=12, choices=ConsentMethod.choices)
    witness = models.CharField(_("testigo"), max_length=120, blank=True)
    decided_on = models.DateField(_("fecha"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        indexes = [models.Index(fields=["member", "purpose", "created_at"])]


class SupportService(MinkaModel):
    """A place that helps: a women's emergency centre (CEM), the national helpline."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.CharField(_("región"), max_length=80, blank=True)
    name = models.CharField(_("nombre"), max_length=160)
    phone = models.CharField(_("teléfono"), max_length=40)
    hours = models.CharField(_("horario"), max_length=120, blank=True)
    offers = models.CharField(_("qué ofrece"), max_length=240, blank=True)

    class Meta:
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name


class Companion(MinkaModel):
    """A person trained to accompany a referral in one group: the only one who sees them."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    trained_on = models.DateField(_("capacitada el"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="companion_once_per_group")
        ]


class Referral(AppendOnly):
    """That a referral was made, with her consent: never what happened, never a narrative.
    It stays on the site (never travels by sync) and reports count it, nothing more."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(SupportService, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField(_("fecha"))
    accompanied = models.BooleanField(_("fue acompañada"))
    consent_method = models.CharField(
        _("cómo dio su consentimiento"), max_length=12, choices=ConsentMethod.choices
    )
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-referred_on", "-created_at"]
