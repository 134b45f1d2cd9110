"""Old name of selectors.py. Kept only so code written before the rename (the member's
pages moving to their own app, issue 9) still imports; delete once nothing uses it."""

from minka.production.selectors import (
    allocations_with_progress,
    material_reconciliation,
    orders_with_progress,
)

__all__ = ["allocations_with_progress", "material_reconciliation", "orders_with_progress"]
