from django.urls import path

from minka.sms import views

urlpatterns = [
    path("", views.sms_home, name="sms_home"),
    path("consent/", views.consent_record, name="sms_consent"),
    path("pin/", views.pin_change, name="sms_pin"),
    path("settings/", views.settings_change, name="sms_settings"),
]
