"""Helpers for the ledger tests: URLs of Camacani's money pages, deliveries that
credit the ledger, and reading a PDF back as text with poppler's pdftotext."""

import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World, order_in_production
from minka.ledger.models import LedgerEntry, Payout
from minka.ledger.selectors import member_balance
from minka.members.models import Group, Member
from minka.production.services import delivery_record

TODAY = timezone.localdate().strftime("%d/%m/%Y")


def url(name: str, group: Group, *args: object) -> str:
    return reverse(name, args=[group.id, *args])


def deliver_pieces(world: World, pieces: dict[Member, tuple[int, int]]) -> None:
    """An order in production, and each member bringing (grade A, grade B) pieces.

    The sweater pays S/ 45.00 for grade A and S/ 30.00 for grade B.
    """
    _order, allocations = order_in_production(world)
    by_member = {a.member_id: a for a in allocations}
    for member, (grade_a, grade_b) in pieces.items():
        delivery_record(
            allocation=by_member[member.id],
            received_on=timezone.localdate(),
            grade_a=grade_a,
            grade_b=grade_b,
            rework=0,
            rejected=0,
            by=world.rosa,
        )


def counts() -> tuple[int, int]:
    return Payout.objects.count(), LedgerEntry.objects.count()


def balance_of(member: Member) -> Decimal:
    return member_balance(member)


def pdf_text(content: bytes) -> str:
    """The text of a PDF as pdftotext reads it; pages end with a form feed (\\f)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail(
            "pdftotext is missing: install poppler-utils (apt-get install "
            "poppler-utils) to check the printed receipts"
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "receipt.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text with all runs of whitespace (line ends, page ends) turned into one space."""
    return " ".join(text.split())


def pdf_pages(content: bytes) -> int:
    return pdf_text(content).count("\f")
