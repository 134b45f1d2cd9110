from django.urls import path

from minka.ledger import payday_views, views

urlpatterns = [
    path("", views.balances, name="balances"),
    path("pay/", views.payouts_many, name="payouts_many"),
    path("pay/<uuid:member_id>/", views.payout_create, name="payout_create"),
    path("payday/", payday_views.payday_plan_page, name="payday_plan"),
    path("payday/pay/", payday_views.payday_pay_all, name="payday_pay"),
    path("payouts/sheet.pdf", payday_views.pay_sheet, name="pay_sheet"),
    path("payouts/done/", views.payouts_done, name="payouts_done"),
    path("payouts/receipts.pdf", views.payout_receipts, name="payout_receipts"),
    path("payouts/<uuid:payout_id>/receipt.pdf", views.payout_receipt, name="payout_receipt"),
    path("entries/<uuid:entry_id>/reverse/", views.entry_reverse, name="entry_reverse"),
]
