"""A member's money: an append-only ledger. Nothing is edited or deleted; a mistake is
corrected by a reversing entry; a balance is always a SUM over the entries."""

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from minka.lib.models import AppendOnlyError, MinkaModel, TrackedQuerySet
from minka.lib.money import CURRENCIES, cents
from minka.members.models import Group, Member

__all__ = ["AppendOnlyError"]  # where the ledger's callers have always imported it from


class LedgerQuerySet(TrackedQuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ledger entries cannot be changed; add a reversing entry")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("ledger entries cannot be deleted; add a reversing entry")

    def balance(self) -> Decimal:
        """The SUM of the amounts, to the cent. SQLite adds decimals as floats and can
        hand back 0.06 as 0.0599999...; every amount is whole cents, so rounding the sum
        to the cent restores the exact figure."""
        total = self.aggregate(total=Coalesce(Sum("amount"), Decimal("0")))["total"]
        return cents(Decimal(total))


class EntryKind(models.TextChoices):
    EARNING = "earning", _("Pago por piezas")
    PAYOUT = "payout", _("Pago recibido")
    ADVANCE = "advance", _("Adelanto")
    REVERSAL = "reversal", _("Corrección")
    FINE = "fine", _("Multa")  # e.g. absence from an assembly, when the group's rules say so
    SALE_SHARE = "sale_share", _("Parte de una venta")  # the maker's share of a local sale
    HOST_PAY = "host_pay", _("Pago por visita")  # a host's share of a tourism visit


class PayMethod(models.TextChoices):
    CASH = "cash", _("Efectivo")
    YAPE = "yape", _("Yape")
    PLIN = "plin", _("Plin")
    TRANSFER = "transfer", _("Transferencia")


__all__ = ["AppendOnlyError"]  # raised by the append-only models; defined in minka.lib.models


class PayoutRequest(MinkaModel):
    """One submitted payout form, by the token the form carried when it was drawn.

    The token is unique: a form sent twice (a double click, a second browser tab, a
    retry after a lost connection) finds its first request and pays nothing more.
    """

    token = models.UUIDField(unique=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)


class Payout(MinkaModel):
    """Money handed to a member; its number is the receipt number."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="payouts")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="payouts")
    number = models.CharField(_("recibo"), max_length=32, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="PEN")
    paid_on = models.DateField(_("fecha"))
    method = models.CharField(_("forma de pago"), max_length=10, choices=PayMethod.choices)
    is_advance = models.BooleanField(_("adelanto"), default=False)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    request = models.ForeignKey(
        PayoutRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="payouts"
    )

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_positive")
        ]

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("a payout cannot be deleted; reverse its ledger entry")


class LedgerEntry(MinkaModel):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="ledger_entries")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    # Positive: the group owes her more. Negative: money she received.
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="PEN")
    entry_date = models.DateField(_("fecha"))
    description = models.CharField(_("detalle"), max_length=200)
    quantity = models.PositiveIntegerField(null=True, blank=True)
    unit_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    # What caused the entry, in another app (a quality check, a sale): type and id only,
    # so the ledger depends on nothing above it.
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    objects = LedgerQuerySet.as_manager()  # type: ignore[assignment,misc]  # a tracked manager in place of the base one

    class Meta:
        ordering = ["entry_date", "created_at", "id"]
        indexes = [
            models.Index(fields=["member", "entry_date"]),
            # The statement's pages: her newest lines first, one page after another.
            models.Index(
                fields=["member", "-entry_date", "-created_at", "-id"], name="ledger_statement"
            ),
            models.Index(fields=["group", "kind", "entry_date"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="entry_not_zero")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("ledger entries cannot be changed; add a reversing entry")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ledger entries cannot be deleted; add a reversing entry")


class MonthTotal(models.Model):
    """A member's entries of one month and currency, pre-summed: a cache, not a record.

    The balance of a member with ten thousand entries is then a SUM over a few dozen
    months. Kept exact in the same transaction as each entry by `entry_add` (and by the
    bulk loader, ledger/bulk.py); nothing else writes it. `minka check-ledger` compares
    it with the SUM over the ledger. Amounts are whole cents in integers: SQLite adds
    decimals as floats, and a running total must not pick up a stray 0.0000001.

    earned/received follow member_money: earnings and sale shares (and their
    corrections) are earned; payouts and advances (and their corrections) received,
    counted negative as in the ledger; shares: the sale shares alone (and corrections),
    for her sales on the statement.
    """

    id = models.BigAutoField(primary_key=True)  # local bookkeeping, rebuilt from the ledger
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="month_totals")
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="PEN")
    month = models.DateField()  # the first day of the month
    amount_cents = models.BigIntegerField(default=0)
    earned_cents = models.BigIntegerField(default=0)
    received_cents = models.BigIntegerField(default=0)
    shares_cents = models.BigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "currency", "month"], name="one_month_total")
        ]
        indexes = [models.Index(fields=["group", "currency"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.currency} {self.amount_cents}"
