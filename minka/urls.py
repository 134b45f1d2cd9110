from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from minka.members import views as member_views

urlpatterns = [
    path("", member_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("g/<uuid:group_id>/", include("minka.production.urls")),
    path("g/<uuid:group_id>/", include("minka.members.urls")),
    path("g/<uuid:group_id>/", include("minka.portal.urls")),
    path("g/<uuid:group_id>/money/", include("minka.ledger.urls")),
    path("g/<uuid:group_id>/learning/", include("minka.learning.urls")),
    path("g/<uuid:group_id>/governance/", include("minka.governance.urls")),
    path("g/<uuid:group_id>/sales/", include("minka.sales.urls")),
    path("g/<uuid:group_id>/impact/", include("minka.impact.urls")),
    path("admin/", admin.site.urls),
]
