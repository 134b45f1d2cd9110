from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from minka.accounts import views
from minka.accounts.views import LoginView

urlpatterns = [
    path("centre/", views.centre_home, name="centre_home"),
    path("centre/<uuid:member_id>/", views.centre_pin, name="centre_pin"),
    path("centre/<uuid:member_id>/photo", views.centre_photo, name="centre_photo"),
    path("centre/register/<uuid:group_id>/", views.centre_register, name="centre_register"),
    path("pin/<uuid:group_id>/<uuid:member_id>/", views.member_pin, name="member_pin"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_change_done",
    ),
]
