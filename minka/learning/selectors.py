"""Reads that more than one learning page shows."""

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from minka.learning.models import Training, TrainingSession


def trainings_with_figures(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """Trainings with their hours (of all sessions), the women who came (each once)
    and the guests: the figures the list and a training's page both show."""
    hours = (
        TrainingSession.objects.filter(training=OuterRef("pk"))
        .values("training")
        .annotate(h=Sum("hours"))
        .values("h")
    )
    return trainings.select_related("trainer_member", "technique").annotate(
        hours=Coalesce(
            Subquery(hours),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
        women=Count("sessions__attendance__member", distinct=True),
        guests=Count(
            "sessions__attendance",
            filter=Q(sessions__attendance__member__isnull=True),
            distinct=True,
        ),
    )
