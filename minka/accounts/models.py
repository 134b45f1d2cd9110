"""Sign-in attempts, kept so that guessing a password costs an attacker hours.

The table stays on the server it was made on (it never travels by sync) and holds the
least that serves: the name typed, the address, when, and whether it worked.
"""

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
