from django.urls import path

from minka.ledger import views

urlpatterns = [
    path("", views.balances, name="balances"),
    path("pay/", views.payouts_many, name="payouts_many"),
    path("pay/<uuid:member_id>/", views.payout_create, name="payout_create"),
    path("payouts/done/", views.payouts_done, name="payouts_done"),
    path("payouts/receipts.pdf", views.payout_receipts, name="payout_receipts"),
    path("payouts/<uuid:payout_id>/receipt.pdf", views.payout_receipt, name="payout_receipt"),
    path("entries/<uuid:entry_id>/reverse/", views.entry_reverse, name="entry_reverse"),
]
