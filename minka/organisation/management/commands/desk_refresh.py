"""`minka desk_refresh [--months N]`: rebuild the desk's monthly figures from the records.

The last N months, and every month of a project still running or ended within the last
year, so the projects' piece indicators read the rollup (member_rollup.py) and not the
quality checks. Run it after a sync lands, nightly, and after an organisation changes its
fair wage.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Min
from django.utils import timezone

from minka.impact.indicators import Period, add_months, month_start
from minka.members.models import Organisation
from minka.organisation.models import Project
from minka.organisation.rollup import group_months_refresh


class Command(BaseCommand):
    help = "Recalcula las cifras mensuales de los grupos para la vista de la organización."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=13, help="Meses hacia atrás (13).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        last = month_start(today)
        first = add_months(last, 1 - max(1, options["months"]))
        for organisation in Organisation.objects.order_by("name"):
            running = Project.objects.filter(
                organisation=organisation, ends_on__gte=add_months(last, -12)
            ).aggregate(first=Min("starts_on"))["first"]
            period = Period(min(first, month_start(running or first)), last)
            started = time.perf_counter()
            rows = group_months_refresh(organisation=organisation, period=period, today=today)
            self.stdout.write(
                f"{organisation.name}: {rows} filas en {time.perf_counter() - started:.1f} s"
            )
