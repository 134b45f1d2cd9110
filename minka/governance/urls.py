from django.urls import path

from minka.governance import views, views_roles

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<uuid:meeting_id>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("meetings/<uuid:meeting_id>/agreements/", views.agreement_create, name="agreement_create"),
    path("meetings/<uuid:meeting_id>/votes/", views.vote_create, name="vote_create"),
    path("meetings/<uuid:meeting_id>/fines/", views.meeting_fines, name="meeting_fines"),
    path("meetings/<uuid:meeting_id>/sheet.pdf", views.meeting_sheet, name="meeting_sheet"),
    path("committee/", views.committee, name="committee"),
    path("committee/terms/", views.term_create, name="term_create"),
    path("committee/terms/<uuid:term_id>/posts/", views.post_assign, name="post_assign"),
    path(
        "committee/terms/<uuid:term_id>/roles/",
        views_roles.committee_roles,
        name="committee_roles",
    ),
    path("rules/", views.rules_edit, name="group_rules"),
]
