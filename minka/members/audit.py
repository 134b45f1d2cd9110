"""The access log: who saw, exported or changed a member's personal data.

It lives with the members, at the bottom of the apps, so that every app's views can write
to it. Rows are append-only; the organisation reads them (minka.privacy.views.access_log).
"""

from django.contrib.auth.models import User
from django.http import HttpRequest

from minka.lib.http import client_address
from minka.members.models import AccessLogEntry, Group, GroupRole, Member


def access_record(
    *,
    user: User | None,
    group: Group,
    action: str,
    member: Member | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Log that someone saw, exported or changed personal data. A member looking at her
    own pages is not logged: the log is about others seeing her."""
    return AccessLogEntry.objects.create(
        user=user,
        group=group,
        member=member,
        action=action,
        detail=detail[:200],
        address=client_address(request),
    )


def access_record_view(
    request: HttpRequest,
    *,
    group: Group,
    action: str,
    member: Member | None = None,
    detail: str = "",
) -> None:
    """For a view: log the access unless the person looking is the member herself."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return
    if member is not None and GroupRole.objects.filter(user=user, member=member).exists():
        return
    access_record(
        user=user, group=group, action=action, member=member, detail=detail, request=request
    )
