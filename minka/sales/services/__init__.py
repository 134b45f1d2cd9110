"""Writes for selling, one module per job: stock, sale (quick sale and the split),
consignment, fund, catalogue. Each function validates, writes in one transaction and
returns; a refusal raises ValidationError with a message for the user and changes nothing.

Every write that takes pieces out of a place locks the group row first and then checks
what the place holds (a SUM over the move log), so two sales at once cannot both sell
the last piece.

The names below are the package's interface: other apps and tests import them from here.
Reads (what a place holds, the rule, the fund's balance) live in sales.selectors and are
repeated here for the same callers.
"""

from minka.sales.selectors import (
    Item,
    Level,
    StoreAccount,
    fund_balance,
    on_hand,
    share_rule,
    stock_levels,
    store_account,
)
from minka.sales.services.catalogue import catalogue_entry_save
from minka.sales.services.consignment import settlement_make, settlement_paid, store_report
from minka.sales.services.fund import fund_entry_reverse, fund_expense, fund_income
from minka.sales.services.sale import (
    CARD,
    SALE_METHODS,
    STORE_METHOD,
    LineSplit,
    sale_method_choices,
    sale_record,
    sale_void,
    share_rule_set,
    split_sale,
)
from minka.sales.services.stock import (
    location_create,
    stock_add_own,
    stock_check,
    stock_move,
    stock_receive_from_production,
)

__all__ = [
    "CARD",
    "SALE_METHODS",
    "STORE_METHOD",
    "Item",
    "Level",
    "LineSplit",
    "StoreAccount",
    "catalogue_entry_save",
    "fund_balance",
    "fund_entry_reverse",
    "fund_expense",
    "fund_income",
    "location_create",
    "on_hand",
    "sale_method_choices",
    "sale_record",
    "sale_void",
    "settlement_make",
    "settlement_paid",
    "share_rule",
    "share_rule_set",
    "split_sale",
    "stock_add_own",
    "stock_check",
    "stock_levels",
    "stock_move",
    "stock_receive_from_production",
    "store_account",
    "store_report",
]
