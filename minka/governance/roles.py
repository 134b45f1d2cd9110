"""When the assembly elects a committee, Minka's roles follow it, once the coordinator
has seen and confirmed each change: the treasurer of the term gets the treasurer role and
whoever else holds it loses it; the president, the coordinator role. Nothing changes by
itself. A member with no login loses nothing and gains nothing until she has one."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minka.governance.models import Post, PostHolding, Term
from minka.members.models import GroupRole, Member, Role
from minka.members.roles import login_of, member_of, role_grant, role_revoke

# The post of the committee whose holder has this role in Minka.
POST_ROLES: dict[str, str] = {Post.TREASURER: Role.TREASURER, Post.PRESIDENT: Role.COORDINATOR}


@dataclass(frozen=True)
class RoleChange:
    role: str
    grant: bool  # True: give the role; False: take it
    user: User | None
    member: Member | None
    blocked: str = ""  # why Minka cannot make this change ("" when it can)

    @property
    def key(self) -> str:
        user_id = self.user.id if self.user is not None else 0
        return f"{'+' if self.grant else '-'}{self.role}:{user_id}"

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def committee_role_changes(term: Term) -> list[RoleChange]:
    """What would change in Minka's roles to follow this term's committee."""
    group = term.group
    holders = {
        h.post: h.member
        for h in PostHolding.objects.filter(term=term, post__in=POST_ROLES).select_related("member")
    }
    changes: list[RoleChange] = []
    for post, role in POST_ROLES.items():
        holder = holders.get(post)
        if holder is None:
            continue  # nobody elected to this post yet: nothing to propose
        holder_user = login_of(holder)
        if holder_user is None:
            changes.append(
                RoleChange(role, True, None, holder, _("no tiene usuario: créele uno primero"))
            )
        elif not GroupRole.objects.filter(group=group, user=holder_user, role=role).exists():
            blocked = (
                ""
                if holder_user.has_usable_password()
                else _("entra solo con clave de 4 números: dele primero una contraseña")
            )
            changes.append(RoleChange(role, True, holder_user, holder, blocked))
        others = (
            GroupRole.objects.filter(group=group, role=role)
            .exclude(user=holder_user)
            .select_related("user")
        )
        for other in others:
            member = member_of(group, other.user)
            blocked = (
                ""
                if member is not None
                else _("este usuario no es de una socia: quítele el rol a mano si corresponde")
            )
            changes.append(RoleChange(role, False, other.user, member, blocked))
    return changes


def committee_roles_apply(
    *, term: Term, keys: Iterable[str], by: User, request: HttpRequest | None = None
) -> list[RoleChange]:
    """Make the changes the coordinator ticked, all or none: gives first, then takes."""
    chosen = set(keys)
    changes = [c for c in committee_role_changes(term) if c.key in chosen]
    if not changes:
        raise ValidationError(_("No marcó ningún cambio."))
    if any(c.blocked for c in changes):
        raise ValidationError(_("Uno de los cambios marcados no se puede hacer todavía."))
    with transaction.atomic():
        for c in sorted(changes, key=lambda c: not c.grant):
            assert c.user is not None  # a change that is not blocked has a login
            if c.grant:
                role_grant(group=term.group, user=c.user, role=c.role, by=by, request=request)
            else:
                role_revoke(group=term.group, user=c.user, role=c.role, by=by, request=request)
    return changes
