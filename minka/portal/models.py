"""What a member's start page needs that no other app keeps: the group's next pay day.

A group has no fixed pay-day rule in Minka (payouts are made when money is in), so the
treasurer writes the next pay day here and her members see it on their start page.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minka.lib.models import MinkaModel
from minka.members.models import Group


class PayDay(MinkaModel):
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="+")
    next_on = models.DateField(_("próximo día de pago"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
