"""Sign-in attempts, kept so that guessing a password costs an attacker hours.

The table stays on the server it was made on (it never travels by sync) and holds the
least that serves: the name typed, the address, when, and whether it worked.
"""

from django.conf import settings
from django.db import models

from minka.lib.models import MinkaModel


class LoginAttempt(MinkaModel):
    # As typed, lower-cased: a name that does not exist is counted the same way, so the
    # answer never tells an attacker which names are real.
    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["username", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]


class CentreDevice(MinkaModel):
    """A laptop or tablet of the centre, registered by the coordinator, on which members
    of the group sign in with their PIN. Its cookie carries a signed random token."""

    group = models.ForeignKey("members.Group", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=80)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class MemberPin(MinkaModel):
    """Her 4-digit PIN for the centre's device, hashed like a password. Five wrong tries
    lock it until the coordinator sets a new one."""

    member = models.OneToOneField("members.Member", on_delete=models.CASCADE, related_name="pin")
    pin_hash = models.CharField(max_length=200)
    failures = models.PositiveSmallIntegerField(default=0)
    locked = models.BooleanField(default=False)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class PasswordToChange(MinkaModel):
    """A login whose password someone else chose (a new login, a reset): at her next
    sign-in she must choose her own before anything else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_to_change"
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
