from django.urls import path

from minka.sales.views import catalogue, consignment, fund, home, reports, sale, stock

urlpatterns = [
    path("", home.sales_home, name="sales_home"),
    path("places/new/", home.location_create, name="location_create"),
    path("rule/", home.rule_edit, name="share_rule"),
    path("stock/", stock.stock, name="stock"),
    path("stock/<uuid:location_id>/move/", stock.stock_move, name="stock_move"),
    path("stock/receive/<uuid:delivery_id>/", stock.receive_delivery, name="receive_delivery"),
    path("sell/", sale.quick_sale, name="quick_sale"),
    path("sales/<uuid:sale_id>/", sale.sale_detail, name="sale_detail"),
    path("sales/<uuid:sale_id>/void/", sale.sale_void, name="sale_void"),
    path("stores/", consignment.store_list, name="stores"),
    path("stores/<uuid:store_id>/", consignment.store_detail, name="store_detail"),
    path("stores/<uuid:store_id>/report/", consignment.store_report, name="store_report"),
    path("stores/<uuid:store_id>/settle/", consignment.settlement_create, name="settlement_create"),
    path(
        "settlements/<uuid:settlement_id>/",
        consignment.settlement_detail,
        name="settlement_detail",
    ),
    path(
        "settlements/<uuid:settlement_id>/paid/",
        consignment.settlement_paid,
        name="settlement_paid",
    ),
    path("fund/", fund.fund, name="fund"),
    path("fund/<uuid:entry_id>/reverse/", fund.fund_entry_reverse, name="fund_entry_reverse"),
    path("report/", reports.report, name="sales_report"),
    path("catalogue/", catalogue.catalogue_public, name="catalogue_public"),
    path("catalogue/print/", catalogue.catalogue_pdf, name="catalogue_pdf"),
    path("catalogue/<uuid:product_id>/", catalogue.catalogue_edit, name="catalogue_edit"),
    path("catalogue/<uuid:product_id>/photo/", catalogue.catalogue_photo, name="catalogue_photo"),
]
