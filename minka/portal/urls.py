from django.urls import path

from minka.portal import views

urlpatterns = [
    path("members/<uuid:member_id>/", views.member_statement, name="member_statement"),
]
