"""No input, however odd, gives a server error or writes a half record."""

import pytest
from django.urls import reverse

from minka.conftest import World, order_in_production
from minka.ledger.models import LedgerEntry, Payout
from minka.members.models import Member
from minka.production.models import Allocation, Delivery, MaterialMove, Order, OrderLine

GARBAGE = [
    "",
    " ",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999",
    "1.234567",
    "31/02/2026",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "<script>alert(1)</script>",
    "'; DROP TABLE members_member; --",
    "ñandú \u2019 — 👍",
    "x" * 5000,
    "\x00",
]


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Order, OrderLine, Allocation, Delivery, MaterialMove, LedgerEntry, Payout, Member)
    )


@pytest.mark.parametrize("value", GARBAGE)
def test_every_form_survives_garbage(world: World, value: str) -> None:
    order, allocations = order_in_production(world, quantity=4)
    g = world.camacani.id
    entry_owner = allocations[0]
    rosa, teresa = world.client_for(world.rosa), world.client_for(world.teresa)
    forms = [
        (
            rosa,
            reverse("order_create", args=[g]),
            ["buyer", "currency", "exchange_rate", "ordered_on", "deadline", "notes"],
        ),
        (
            rosa,
            reverse("order_detail", args=[g, order.id]),
            ["product", "quantity", "unit_price", "deadline"],
        ),
        (rosa, reverse("order_status", args=[g, order.id]), ["status"]),
        (
            rosa,
            reverse("line_allocate", args=[g, order.lines.get().id]),
            [f"m_{world.maria.id}", f"m_{world.juana.id}"],
        ),
        (
            rosa,
            reverse("delivery_create", args=[g, entry_owner.id]),
            ["received_on", "quantity", "grade_a", "grade_b", "rework", "rejected", "defect"],
        ),
        (
            rosa,
            reverse("material_move_create", args=[g, world.maria.id]),
            ["material", "kind", "grams", "moved_on", "allocation"],
        ),
        (
            rosa,
            reverse("member_create", args=[g]),
            [
                "first_name",
                "last_name",
                "joined_on",
                "status",
                "phone",
                "hours_per_week",
                "languages",
            ],
        ),
        (
            rosa,
            reverse("product_create", args=[g]),
            [
                "code",
                "name",
                "technique",
                "standard_minutes",
                "rate_a",
                "rate_b",
                "form-TOTAL_FORMS",
                "form-INITIAL_FORMS",
                "form-0-material",
                "form-0-grams",
            ],
        ),
        (rosa, reverse("buyer_create", args=[g]), ["name", "country", "email"]),
        (
            teresa,
            reverse("payout_create", args=[g, world.maria.id]),
            ["amount", "paid_on", "method", "as_advance"],
        ),
        (teresa, reverse("payouts_many", args=[g]), ["paid_on", "method", "member", "pay"]),
    ]
    before = counts()
    for client, path, fields in forms:
        response = client.post(path, dict.fromkeys(fields, value))
        assert response.status_code < 500, (path, value)
    # Query strings too.
    for path in (
        reverse("impact", args=[g]) + f"?from={value}&to={value}",
        reverse("payout_receipts", args=[g]) + f"?ids={value}",
    ):
        assert teresa.get(path).status_code < 500, path
    # Nothing was written by any of it (a valid-looking "0" or a date could, in principle,
    # pass a form: then the counts tell us exactly what changed).
    assert counts() == before, value
