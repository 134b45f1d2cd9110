"""The group's cash book (caja): money in and out of the group's hands, by method.

Append-only like the member ledger: nothing is edited or deleted, a mistake is corrected
by an opposite entry, and a balance is always a SUM. The amount is always positive; the
direction says whether it came in or went out, so a running balance is a signed SUM.
A count at closing (CashCount) records what was in the box against what the book says,
and the difference; it is never edited either.

The cash book knows only the group: the ledger (payouts), sales (sales, a store's
payment, the fund's spending) and tourism write to it through `cash_entry_add`."""

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from minka.lib.models import AppendOnlyError, MinkaModel, TrackedQuerySet
from minka.lib.money import CURRENCIES, cents
from minka.members.models import Group


class Direction(models.TextChoices):
    IN = "in", _("Entrada")
    OUT = "out", _("Salida")


class CashMethod(models.TextChoices):
    CASH = "cash", _("Efectivo")
    YAPE = "yape", _("Yape")
    PLIN = "plin", _("Plin")
    TRANSFER = "transfer", _("Transferencia")
    CARD = "card", _("Tarjeta")


class CashQuerySet(TrackedQuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("cash entries cannot be changed; add an opposite entry")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("cash entries cannot be deleted; add an opposite entry")

    def balance(self) -> Decimal:
        """Money in less money out, to the cent (see LedgerQuerySet.balance on SQLite)."""
        signed = Case(When(direction=Direction.OUT, then=-F("amount")), default=F("amount"))
        total = self.aggregate(total=Coalesce(Sum(signed), Decimal("0")))["total"]
        return cents(Decimal(total))


class CashEntry(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="cash_entries")
    entry_date = models.DateField(_("fecha"))
    direction = models.CharField(_("movimiento"), max_length=3, choices=Direction.choices)
    method = models.CharField(_("forma de pago"), max_length=10, choices=CashMethod.choices)
    amount = models.DecimalField(_("monto"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="PEN")
    description = models.CharField(_("detalle"), max_length=200)
    # What caused it, in another app (a visit, a sale): type and id only, so the cash
    # book depends on nothing above it.
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.UUIDField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = CashQuerySet.as_manager()  # type: ignore[assignment,misc]  # a tracked manager, refusing changes

    class Meta:
        ordering = ["entry_date", "created_at", "id"]
        indexes = [
            models.Index(fields=["group", "currency", "entry_date"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="cash_entry_positive")
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("cash entries cannot be changed; add an opposite entry")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("cash entries cannot be deleted; add an opposite entry")

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.direction == Direction.OUT else self.amount


class CashCount(MinkaModel):
    """The money counted in the box at closing, against what the book said: the
    difference is recorded, and an entry of that difference brings the book to the count."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="cash_counts")
    counted_on = models.DateField(_("fecha"))
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="PEN")
    method = models.CharField(
        _("forma de pago"), max_length=10, choices=CashMethod.choices, default=CashMethod.CASH
    )
    expected = models.DecimalField(_("según el libro"), max_digits=12, decimal_places=2)
    counted = models.DecimalField(_("contado"), max_digits=12, decimal_places=2)
    difference = models.DecimalField(_("diferencia"), max_digits=12, decimal_places=2)
    note = models.CharField(_("nota"), max_length=200, blank=True)
    adjustment = models.OneToOneField(
        CashEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="count"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    objects = CashQuerySet.as_manager()  # type: ignore[assignment,misc]  # a tracked manager, refusing changes

    class Meta:
        ordering = ["-counted_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difference=models.F("counted") - models.F("expected")),
                name="cash_count_difference",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("a count cannot be changed; count again")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("a count cannot be deleted; count again")
