from django.urls import path

from minka.tourism import public, views

urlpatterns = [
    path("", views.tourism_home, name="tourism_home"),
    path("experiences/new/", views.experience_edit, name="experience_create"),
    path("experiences/<uuid:experience_id>/", views.experience_edit, name="experience_edit"),
    path(
        "experiences/<uuid:experience_id>/photo/",
        views.experience_photo,
        name="experience_photo",
    ),
    path("hosts/", views.host_pick, name="host_pick"),
    path("hosts/<uuid:member_id>/", views.host_profile_edit, name="host_profile_edit"),
    path("hosts/<uuid:member_id>/visits/", views.host_visits, name="host_visits"),
    path("bookings/new/", views.booking_direct, name="booking_direct"),
    path("bookings/<uuid:booking_id>/", views.booking_detail, name="booking_detail"),
    path(
        "bookings/<uuid:booking_id>/<slug:action>/",
        views.booking_action,
        name="booking_action",
    ),
    path("visit/", public.visits_public, name="visits_public"),
    path("visit/<uuid:experience_id>/", public.experience_public, name="experience_public"),
    path("photos/<uuid:photo_id>/", public.experience_photo_file, name="experience_photo_file"),
]
