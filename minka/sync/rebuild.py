"""The change log rebuilt from the rows, for data loaded in bulk (`minka generate` writes
with COPY and bulk inserts, which do not log) and for a site that kept records before it
had sync. Run it before enrolling.

On a site central has acknowledged nothing from, the log is made again from scratch:
every travelling record gets one change, parents first (a record written through the
services during a bulk load may point to a bulk-loaded parent, and central must find the
parent in the same batch or an earlier one). On a site that has synced, only the records
with no change yet are added, parents first.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.sync import registry
from minka.sync.changes import next_counters
from minka.sync.models import Change, Peer
from minka.sync.roles import here, is_central

CHUNK = 5000


def log_rebuild() -> dict[str, int]:
    """On a site: log every unlogged travelling row. Returns how many, per model."""
    if is_central():
        raise ValidationError(_("Solo un sitio reconstruye su registro de cambios."))
    rank = registry.dependency_rank()
    labels = sorted((x for x in registry.TRAVELS if registry.travels(x)), key=lambda x: rank[x])
    out: dict[str, int] = {}
    if not Peer.objects.filter(acked_upto__gt=0).exists():
        Change.objects.filter(origin=here()).delete()  # nothing of it ever reached central
    for label in labels:
        model = apps.get_model(label)
        logged = Change.objects.filter(model=label).values("record_id")
        ids = list(
            model._default_manager.exclude(pk__in=logged)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            with transaction.atomic():
                first, now = next_counters(len(chunk)), timezone.now()
                Change.objects.bulk_create(
                    Change(
                        origin=here(), counter=first + i, model=label, record_id=pk, changed_at=now
                    )
                    for i, pk in enumerate(chunk)
                )
        if ids:
            out[label] = len(ids)
    return out
