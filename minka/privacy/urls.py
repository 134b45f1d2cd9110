from django.urls import path

from minka.privacy import views

urlpatterns = [
    path("members/<uuid:member_id>/", views.member_privacy, name="member_privacy"),
    path(
        "members/<uuid:member_id>/data.json",
        views.member_export,
        {"kind": "json"},
        name="member_export_json",
    ),
    path(
        "members/<uuid:member_id>/data.pdf",
        views.member_export,
        {"kind": "pdf"},
        name="member_export_pdf",
    ),
    path(
        "members/<uuid:member_id>/anonymise/",
        views.member_anonymise_view,
        name="member_anonymise",
    ),
    path("mine/", views.my_consents, name="my_consents"),
    path("contacts/", views.help_directory, name="help_directory"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("companions/", views.companions, name="companions"),
    path("log/", views.access_log, name="access_log"),
]
