from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from minka.accounts import views, views_logins
from minka.accounts.views import LoginView

urlpatterns = [
    path("centre/", views.centre_home, name="centre_home"),
    path("centre/<uuid:member_id>/", views.centre_pin, name="centre_pin"),
    path("centre/<uuid:member_id>/photo", views.centre_photo, name="centre_photo"),
    path("centre/register/<uuid:group_id>/", views.centre_register, name="centre_register"),
    path("pin/<uuid:group_id>/<uuid:member_id>/", views.member_pin, name="member_pin"),
    path("users/<uuid:group_id>/", views_logins.login_list, name="login_list"),
    path(
        "users/<uuid:group_id>/new/<uuid:member_id>/",
        views_logins.login_create,
        name="login_create",
    ),
    path("users/<uuid:group_id>/<int:user_id>/", views_logins.login_roles, name="login_roles"),
    path(
        "users/<uuid:group_id>/<int:user_id>/password/",
        views_logins.login_password,
        name="login_password",
    ),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        views.PasswordChangeView.as_view(
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
