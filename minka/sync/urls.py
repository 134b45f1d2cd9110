from django.urls import path

from minka.sync import views

urlpatterns = [
    path("", views.sync_home, name="sync_home"),
    path("now/", views.sync_now, name="sync_now"),
    path("file/out/", views.sync_file_out, name="sync_file_out"),
    path("file/in/", views.sync_file_in, name="sync_file_in"),
    path("sites/register/", views.register_site, name="sync_register_site"),
    path("enrol/", views.enrol_site, name="sync_enrol"),
    path("held/<int:held_id>/", views.held_resolve, name="sync_held_resolve"),
    path("api/enrol", views.api_enrol, name="sync_api_enrol"),
    path("api/exchange", views.api_exchange, name="sync_api_exchange"),
]
