from django.contrib import admin
from django.urls import include, path

from minka.accounts.forms import AdminLoginForm
from minka.languages import views as language_views
from minka.members import views as member_views

# /admin/ counts wrong passwords like the site's own sign-in.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", member_views.home, name="home"),
    path("accounts/", include("minka.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audio/<uuid:recording_id>", language_views.recording_audio, name="recording_audio"),
    path("g/<uuid:group_id>/", include("minka.production.urls")),
    path("g/<uuid:group_id>/", include("minka.members.urls")),
    path("g/<uuid:group_id>/", include("minka.portal.urls")),
    path("g/<uuid:group_id>/money/", include("minka.ledger.urls")),
    path("g/<uuid:group_id>/learning/", include("minka.learning.urls")),
    path("g/<uuid:group_id>/governance/", include("minka.governance.urls")),
    path("g/<uuid:group_id>/sales/", include("minka.sales.urls")),
    path("g/<uuid:group_id>/impact/", include("minka.impact.urls")),
    path("g/<uuid:group_id>/privacy/", include("minka.privacy.urls")),
    path("g/<uuid:group_id>/languages/", include("minka.languages.urls")),
    path("g/<uuid:group_id>/sms/", include("minka.sms.urls")),
    path("red/", include("minka.organisation.urls")),
    path("g/<uuid:group_id>/cash/", include("minka.cash.urls")),
    path("g/<uuid:group_id>/tourism/", include("minka.tourism.urls")),
    path("sync/", include("minka.sync.urls")),
    path("admin/", admin.site.urls),
]
