"""Writes of the member's pages: the treasurer announces the next pay day."""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from minka.members.models import Group
from minka.portal.models import PayDay


def payday_set(*, group: Group, next_on: date, by: User | None) -> PayDay:
    with transaction.atomic():
        payday = PayDay.objects.filter(group=group).first()
        if payday is None:
            return PayDay.objects.create(group=group, next_on=next_on, set_by=by)
        payday.next_on = next_on
        payday.set_by = by
        payday.save()
    return payday
