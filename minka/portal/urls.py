from django.urls import path

from minka.portal import views

urlpatterns = [
    path("members/<uuid:member_id>/", views.member_statement, name="member_statement"),
    path("members/<uuid:member_id>/picture.pdf", views.member_picture, name="member_picture"),
    path("members/pictures.pdf", views.group_pictures, name="group_pictures"),
    path("payday/", views.pay_day, name="pay_day"),
]
