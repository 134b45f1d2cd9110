"""Giving and taking the roles of a group (coordinator, treasurer, member).

Every change is written to the access log (Action.ROLE) in the same transaction. A group
always keeps at least one coordinator. A role that can do more than see her own pages
needs a login with a password: a member who signs in with a PIN only is asked for one
first, so she never loses the PIN that opens her own pages without knowing why.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minka.members.audit import access_record
from minka.members.models import Action, Group, GroupRole, Member, OrganisationStaff, Role

# The roles this screen gives and takes; the member role comes with her login.
MANAGED_ROLES = (Role.COORDINATOR, Role.TREASURER)


def member_of(group: Group, user: User) -> Member | None:
    """The member a login stands for in this group, if it is tied to one."""
    role = (
        GroupRole.objects.filter(group=group, user=user, member__isnull=False)
        .select_related("member")
        .first()
    )
    return role.member if role is not None else None


def login_of(member: Member) -> User | None:
    """Her login, if she has one (a PIN-only login counts: it is hers)."""
    role = GroupRole.objects.filter(member=member).select_related("user").first()
    return role.user if role is not None else None


def roles_of(group: Group, user: User) -> set[str]:
    return set(GroupRole.objects.filter(group=group, user=user).values_list("role", flat=True))


def may_be_changed_from(group: Group, user: User) -> bool:
    """Whether this group's coordinator may reset this login's password: not when the
    login also acts for another group, the organisation or the site's admin."""
    if user.is_superuser or user.is_staff:
        return False
    if OrganisationStaff.objects.filter(user=user).exists():
        return False
    return not GroupRole.objects.filter(user=user).exclude(group=group).exists()


def _log(group: Group, user: User, by: User, detail: str, request: HttpRequest | None) -> None:
    access_record(
        user=by,
        group=group,
        member=member_of(group, user),
        action=Action.ROLE,
        detail=f"{user.username}: {detail}",
        request=request,
    )


def role_grant(
    *, group: Group, user: User, role: str, by: User, request: HttpRequest | None = None
) -> GroupRole | None:
    """Give a role; None if she already has it. Only to a login of the group."""
    if role not in MANAGED_ROLES:
        raise ValidationError(_("Ese rol no existe."))
    current = roles_of(group, user)
    if not current:
        raise ValidationError(_("Esa persona no tiene usuario en este grupo."))
    if role in current:
        return None
    if not user.has_usable_password():
        raise ValidationError(
            _(
                "%(name)s entra solo con su clave de 4 números. Dele primero una contraseña "
                "(«Cambiar contraseña»); luego el rol."
            )
            % {"name": user.get_full_name() or user.username}
        )
    with transaction.atomic():
        made = GroupRole.objects.create(
            user=user, group=group, role=role, member=member_of(group, user)
        )
        _log(group, user, by, f"+{role}", request)
    return made


def role_revoke(
    *, group: Group, user: User, role: str, by: User, request: HttpRequest | None = None
) -> bool:
    """Take a role away; False if she did not have it. Never the last coordinator."""
    if role not in MANAGED_ROLES:
        raise ValidationError(_("Ese rol no existe."))
    with transaction.atomic():
        if role == Role.COORDINATOR:
            coordinators = list(
                GroupRole.objects.select_for_update()
                .filter(group=group, role=Role.COORDINATOR)
                .values_list("user_id", flat=True)
            )
            if coordinators == [user.id]:
                raise ValidationError(
                    _(
                        "%(name)s es la única coordinadora del grupo: dé primero el rol de "
                        "coordinadora a otra persona. No se cambió nada."
                    )
                    % {"name": user.get_full_name() or user.username}
                )
        deleted, _rows = GroupRole.objects.filter(group=group, user=user, role=role).delete()
        if deleted:
            _log(group, user, by, f"-{role}", request)
    return bool(deleted)


def roles_set(
    *,
    group: Group,
    user: User,
    roles: Iterable[str],
    by: User,
    request: HttpRequest | None = None,
) -> tuple[list[str], list[str]]:
    """Make her managed roles exactly these, in one transaction: gives first, then takes,
    so a coordinator can hand over her role in one step. Returns (given, taken)."""
    wanted = set(roles)
    if not wanted <= set(MANAGED_ROLES):
        raise ValidationError(_("Ese rol no existe."))
    current = roles_of(group, user)
    given: list[str] = [r for r in MANAGED_ROLES if r in wanted and r not in current]
    taken: list[str] = [r for r in MANAGED_ROLES if r not in wanted and r in current]
    with transaction.atomic():
        for role in given:
            role_grant(group=group, user=user, role=role, by=by, request=request)
        for role in taken:
            role_revoke(group=group, user=user, role=role, by=by, request=request)
    return given, taken
