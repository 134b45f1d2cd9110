from django.urls import path

from minka.production import photos, views, views_behind, views_day, views_stock

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/new/", views.order_create, name="order_create"),
    path("orders/<uuid:order_id>/", views.order_detail, name="order_detail"),
    path("orders/<uuid:order_id>/status/", views.order_status, name="order_status"),
    path("lines/<uuid:line_id>/allocate/", views.line_allocate, name="line_allocate"),
    path(
        "allocations/<uuid:allocation_id>/delivery/", views.delivery_create, name="delivery_create"
    ),
    path(
        "members/<uuid:member_id>/materials/",
        views.material_move_create,
        name="material_move_create",
    ),
    path("delivery-day/", views_day.delivery_day, name="delivery_day"),
    path("delivery-day/<uuid:member_id>/", views_day.delivery_day_row, name="delivery_day_row"),
    path("behind/", views_behind.behind, name="members_behind"),
    path("lines/<uuid:line_id>/rebalance/", views_behind.line_rebalance, name="line_rebalance"),
    path(
        "orders/<uuid:order_id>/deliveries/",
        views_behind.order_deliveries,
        name="order_deliveries",
    ),
    path(
        "deliveries/<uuid:delivery_id>/cancel/",
        views_behind.delivery_cancel,
        name="delivery_cancel",
    ),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<uuid:product_id>/photo/", photos.product_photo, name="product_photo"),
    path("products/<uuid:product_id>/thumb.jpg", photos.product_thumb, name="product_thumb"),
    path("buyers/new/", views.buyer_create, name="buyer_create"),
    path("materials/new/", views.material_create, name="material_create"),
    path("materials/", views_stock.material_stock, name="material_stock"),
    path("materials/receive/", views_stock.material_receive, name="material_receive"),
    path("materials/hand-out/", views_stock.material_hand_out, name="material_hand_out"),
    path("materials/count/", views_stock.material_count, name="material_count"),
]
