"""Who sees the sync page: the organisation's staff, a superuser, and on a site the
group's coordinator or treasurer."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from minka.members.models import GroupRole, OrganisationStaff, Role
from minka.sync.roles import is_central


def may_sync(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if OrganisationStaff.objects.filter(user_id=user.pk).exists():
        return True
    if is_central():
        return False
    return GroupRole.objects.filter(
        user_id=user.pk, role__in=[Role.COORDINATOR, Role.TREASURER]
    ).exists()


def require_sync(user: AbstractBaseUser | AnonymousUser) -> None:
    if not may_sync(user):
        raise PermissionDenied
