"""Reads of a project shared by its page, its report and its IATI file."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from minka.organisation.models import BudgetLine, Project, Spending


@dataclass(frozen=True)
class LineFigures:
    line: BudgetLine
    budget: Decimal
    spent: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.budget


@dataclass(frozen=True)
class Budget:
    lines: list[LineFigures]

    @property
    def budget(self) -> Decimal:
        return sum((r.budget for r in self.lines), Decimal("0"))

    @property
    def spent(self) -> Decimal:
        return sum((r.spent for r in self.lines), Decimal("0"))

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.budget


def project_budget(
    project: Project, *, since: date | None = None, until: date | None = None
) -> Budget:
    """Budget, spent (from `since` to `until` when given) and left per line, in the
    project's currency. Two queries."""
    spending = Spending.objects.filter(line__project=project)
    if since is not None:
        spending = spending.filter(spent_on__gte=since)
    if until is not None:
        spending = spending.filter(spent_on__lte=until)
    spent = dict(spending.order_by().values_list("line_id").annotate(total=Sum("project_amount")))
    return Budget(
        [
            LineFigures(
                line, line.amount, Decimal(spent.get(line.id) or 0).quantize(Decimal("0.01"))
            )
            for line in project.budget_lines.all()
        ]
    )


def project_spending(project: Project) -> list[Spending]:
    return list(
        Spending.objects.filter(line__project=project).select_related("line").order_by("spent_on")
    )


def latest_spending(project: Project, n: int) -> tuple[list[Spending], int]:
    """The `n` latest spending records, newest first, and how many there are in all."""
    spending = Spending.objects.filter(line__project=project)
    latest = list(spending.select_related("line").order_by("-spent_on", "-created_at")[:n])
    return latest, spending.count()


def cancelled_spending(project: Project) -> set[Any]:
    """Ids of the project's spending records that a cancelling row corrects."""
    return set(
        Spending.objects.filter(line__project=project, amount__lt=0).values_list(
            "corrects_id", flat=True
        )
    )
