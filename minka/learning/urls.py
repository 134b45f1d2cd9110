from django.urls import path

from minka.learning import views

urlpatterns = [
    path("", views.training_list, name="training_list"),
    path("new/", views.training_create, name="training_create"),
    path("mine/", views.my_learning, name="my_learning"),
    path("mine/names/", views.my_training_names, name="my_training_names"),
    path("<uuid:training_id>/", views.training_detail, name="training_detail"),
    path("<uuid:training_id>/certificates/", views.certificate_create, name="certificate_create"),
    path(
        "sessions/<uuid:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("sessions/<uuid:session_id>/sheet.pdf", views.session_sheet, name="session_sheet"),
    path(
        "certificates/<uuid:certificate_id>.pdf",
        views.certificate_print,
        name="certificate_print",
    ),
]
