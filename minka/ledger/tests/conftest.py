import pytest

from minka.ledger.tests.helpers import deliver_pieces


@pytest.fixture
def delivered(world):
    """María brought 2 grade-A sweaters (S/ 90.00), Juana one A and one B (S/ 75.00),
    Carmen nothing."""
    deliver_pieces(world, {world.maria: (2, 0), world.juana: (1, 1)})
    return world
