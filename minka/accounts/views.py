from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from minka.accounts.forms import LoginForm
from minka.members.models import GroupRole, Role, page_language_for


class LoginView(auth_views.LoginView):
    """Sign-in that counts wrong passwords, and greets a member in her own language.

    A member with no other role gets the language of her member record; her own later
    choice on the language switch stays on that device. Staff keep whatever they chose.
    """

    authentication_form = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]  # narrower form
        response = super().form_valid(form)
        roles = list(GroupRole.objects.filter(user=form.get_user()).select_related("member"))
        members = [r.member for r in roles if r.role == Role.MEMBER and r.member is not None]
        if members and len(members) == len(roles):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                page_language_for(members[0]),
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response
