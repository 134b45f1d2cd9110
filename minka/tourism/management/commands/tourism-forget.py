"""`minka tourism-forget`: blank the visitors' names and contacts whose time is up.

Bookings also forget on the way (each new request does it), but a site with no new
requests runs this daily (cron or a systemd timer) so nothing is kept too long."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from minka.tourism.services import bookings_forget


class Command(BaseCommand):
    help = "Borra el nombre y contacto de los visitantes pasado su plazo."

    def handle(self, *args: Any, **options: Any) -> None:
        count = bookings_forget(today=timezone.localdate())
        self.stdout.write(f"{count}")
