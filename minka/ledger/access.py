"""Fetch ledger records for a user's group access, or 404.

A payout or an entry is found only in the user's group, and only if she may see the
member it belongs to: the group's staff roles see everyone, a member sees herself.
"""

import uuid
from collections.abc import Iterable

from django.http import Http404

from minka.ledger.models import LedgerEntry, Payout
from minka.members.access import Access


def payout_for(access: Access, payout_id: uuid.UUID) -> Payout:
    payout = (
        Payout.objects.select_related("member", "group", "paid_by")
        .filter(group=access.group, id=payout_id)
        .first()
    )
    if payout is None or not access.sees_member(payout.member):
        raise Http404
    return payout


def payouts_for(access: Access, payout_ids: Iterable[uuid.UUID]) -> list[Payout]:
    """Several payouts, in the order asked; 404 if any one is missing or not hers to see."""
    wanted = list(dict.fromkeys(payout_ids))
    if not wanted:
        raise Http404
    found = {
        p.id: p
        for p in Payout.objects.select_related("member", "group", "paid_by").filter(
            group=access.group, id__in=wanted
        )
    }
    if len(found) != len(wanted) or not all(access.sees_member(p.member) for p in found.values()):
        raise Http404
    return [found[i] for i in wanted]


def entry_for(access: Access, entry_id: uuid.UUID) -> LedgerEntry:
    entry = (
        LedgerEntry.objects.select_related("member").filter(group=access.group, id=entry_id).first()
    )
    if entry is None or not access.sees_member(entry.member):
        raise Http404
    return entry
