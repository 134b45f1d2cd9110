from django.urls import path

from minka.members import views

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_edit, name="member_create"),
    path("members/<uuid:member_id>/edit/", views.member_edit, name="member_edit"),
]
