"""Who may see and do what. Every view fetches through these helpers.

An outsider (no role in the group, not staff of its organisation) gets 404: she must not
even learn that the record exists. Someone in the group without the right role gets 403.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from minka.members.models import Group, GroupRole, Member, OrganisationStaff, Role


class Can(StrEnum):
    VIEW_GROUP = "view_group"  # the group's pages: members, orders, impact
    MANAGE = "manage"  # orders, allocation, materials, deliveries, members
    PAY = "pay"  # payouts and reversals
    SELL = "sell"  # selling, moving stock, partner stores: whoever keeps the shop
    ROLES = "roles"  # logins of the group's people, their roles, their passwords


STAFF = "staff"
ALLOWED: dict[Can, set[str]] = {
    Can.VIEW_GROUP: {Role.COORDINATOR, Role.TREASURER, STAFF},
    Can.MANAGE: {Role.COORDINATOR},
    Can.PAY: {Role.TREASURER},
    Can.SELL: {Role.COORDINATOR, Role.TREASURER},
    Can.ROLES: {Role.COORDINATOR, STAFF},
}


# What changes the group's records: refused where the group is a read-only copy.
WRITES = frozenset({Can.MANAGE, Can.PAY, Can.SELL})

# Set by minka.sync when Django starts (it knows which server holds which group): the
# code of the server that holds a group when it is not this one ("" when it is), and the
# sentence that says so, with where and when the group last changed. Members sit below
# sync, so sync registers itself here.
_holder: Callable[[Group], str] = lambda group: ""  # noqa: E731
_held_message: Callable[[Group, str], str] = lambda group, holder: holder  # noqa: E731


def register_holder(holder: Callable[[Group], str], message: Callable[[Group, str], str]) -> None:
    global _holder, _held_message
    _holder, _held_message = holder, message


@dataclass(frozen=True)
class Access:
    group: Group
    roles: frozenset[str]
    member: Member | None = field(default=None)
    # The server that holds the group when it is not this one (central's copy of a
    # site's group): nobody changes its records here, whatever her role.
    held_by: str = ""

    def can(self, action: Can) -> bool:
        if self.held_by and action in WRITES:
            return False
        return bool(self.roles & ALLOWED[action])

    def require(self, action: Can) -> None:
        if self.held_by and action in WRITES:
            raise PermissionDenied(_held_message(self.group, self.held_by))
        if not self.can(action):
            raise PermissionDenied

    @property
    def read_only(self) -> bool:
        return bool(self.held_by)

    @property
    def can_view_group(self) -> bool:
        return self.can(Can.VIEW_GROUP)

    @property
    def can_manage(self) -> bool:
        return self.can(Can.MANAGE)

    @property
    def can_pay(self) -> bool:
        return self.can(Can.PAY)

    @property
    def can_sell(self) -> bool:
        return self.can(Can.SELL)

    @property
    def can_manage_roles(self) -> bool:
        return self.can(Can.ROLES)

    def sees_member(self, member: Member) -> bool:
        return self.can(Can.VIEW_GROUP) or (self.member is not None and self.member == member)


AnyUser = User | AnonymousUser


def groups_for(user: AnyUser) -> QuerySet[Group]:
    """The groups a user may open at all."""
    if not user.is_authenticated:
        return Group.objects.none()
    return (
        Group.objects.filter(roles__user=user)
        | Group.objects.filter(organisation__organisationstaff__user=user)
    ).distinct()


def group_access(user: AnyUser, group_id: uuid.UUID) -> Access:
    """The user's access to one group, or 404 if she has none."""
    if not user.is_authenticated:
        raise Http404
    # Whether she is staff of its organisation comes with the group: one query fewer on
    # every page.
    staff = OrganisationStaff.objects.filter(user=user, organisation=OuterRef("organisation_id"))
    # Not its organisation: every page pays for what a few use (it costs a third of this).
    group = Group.objects.annotate(user_is_staff=Exists(staff)).filter(id=group_id).first()
    if group is None:
        raise Http404
    roles: set[str] = set()
    member: Member | None = None
    for role in GroupRole.objects.filter(user=user, group_id=group.id).select_related("member"):
        roles.add(role.role)
        if role.role == Role.MEMBER and role.member is not None:
            member = role.member
    if group.user_is_staff:
        roles.add(STAFF)
    if not roles:
        raise Http404
    return Access(group=group, roles=frozenset(roles), member=member, held_by=_holder(group))


def member_for(access: Access, member_id: uuid.UUID) -> Member:
    """A member of the group whom this user may see (herself, or anyone for staff roles)."""
    mine = access.member
    if mine is not None and mine.id == member_id and mine.group_id == access.group.id:
        return mine  # her own page: already read with her role
    member = Member.objects.filter(group=access.group, id=member_id).first()
    if member is None or not access.sees_member(member):
        raise Http404
    return member
