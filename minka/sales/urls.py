from django.urls import path

from minka.sales import views

urlpatterns = [
    path("", views.sales_home, name="sales_home"),
    path("places/new/", views.location_create, name="location_create"),
    path("stock/", views.stock, name="stock"),
    path("stock/<uuid:location_id>/move/", views.stock_move, name="stock_move"),
    path("stock/receive/<uuid:delivery_id>/", views.receive_delivery, name="receive_delivery"),
    path("sell/", views.quick_sale, name="quick_sale"),
    path("sales/<uuid:sale_id>/", views.sale_detail, name="sale_detail"),
    path("sales/<uuid:sale_id>/void/", views.sale_void, name="sale_void"),
    path("stores/", views.store_list, name="stores"),
    path("stores/<uuid:store_id>/", views.store_detail, name="store_detail"),
    path("stores/<uuid:store_id>/report/", views.store_report, name="store_report"),
    path("stores/<uuid:store_id>/settle/", views.settlement_create, name="settlement_create"),
    path("settlements/<uuid:settlement_id>/", views.settlement_detail, name="settlement_detail"),
    path("fund/", views.fund, name="fund"),
    path("fund/<uuid:entry_id>/reverse/", views.fund_entry_reverse, name="fund_entry_reverse"),
    path("rule/", views.rule_edit, name="share_rule"),
    path("report/", views.report, name="sales_report"),
    path("catalogue/", views.catalogue_public, name="catalogue_public"),
    path("catalogue/print/", views.catalogue_pdf, name="catalogue_pdf"),
    path("catalogue/<uuid:product_id>/", views.catalogue_edit, name="catalogue_edit"),
    path("catalogue/<uuid:product_id>/photo/", views.catalogue_photo, name="catalogue_photo"),
]
