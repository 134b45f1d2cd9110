"""Who may open the organisation's desk and its projects.

- Staff of the organisation (members.OrganisationStaff): everything of their own
  organisation, nothing of another (404).
- A donor login: read-only, only the projects its donor funds, and only their reports and
  aggregates (no member's name or money); the desk and other pages answer 403.
- A coordinator, treasurer or member of one of its groups: 403 (she knows the
  organisation, but the desk is not hers). Anyone else: 404.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from minka.members.access import AnyUser
from minka.members.models import GroupRole, Organisation, OrganisationStaff
from minka.organisation.models import Donor, DonorLogin, Project


def _is_staff(user: AnyUser, organisation_id: uuid.UUID) -> bool:
    return OrganisationStaff.objects.filter(
        user_id=user.pk or 0, organisation_id=organisation_id
    ).exists()


def _knows(user: AnyUser, organisation_id: uuid.UUID) -> bool:
    """Has some other tie to the organisation: a role in one of its groups, or a donor
    login to one of its projects."""
    return (
        GroupRole.objects.filter(
            user_id=user.pk or 0, group__organisation_id=organisation_id
        ).exists()
        or DonorLogin.objects.filter(
            user_id=user.pk or 0, donor__organisation_id=organisation_id
        ).exists()
    )


def organisations_for(user: AnyUser) -> list[Organisation]:
    """The organisations whose desk this user may open (staff only)."""
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(organisationstaff__user=user).order_by("name"))


def organisation_for_staff(user: AnyUser, organisation_id: uuid.UUID) -> Organisation:
    """The organisation, for its own staff; 403 for someone tied to it otherwise, else 404."""
    if not user.is_authenticated:
        raise Http404
    organisation = Organisation.objects.filter(id=organisation_id).first()
    if organisation is None:
        raise Http404
    if _is_staff(user, organisation.id):
        return organisation
    if _knows(user, organisation.id):
        raise PermissionDenied
    raise Http404


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    is_staff: bool  # False: a donor's read-only login, aggregates only

    def require_staff(self) -> None:
        if not self.is_staff:
            raise PermissionDenied


def projects_for_donor(user: AnyUser) -> list[Project]:
    if not user.is_authenticated:
        return []
    return list(
        Project.objects.filter(donors__logins__user=user)
        .select_related("organisation")
        .distinct()
        .order_by("-starts_on")
    )


def project_access(user: AnyUser, project_id: uuid.UUID) -> ProjectAccess:
    """A project for its organisation's staff or one of its donors' logins, else 404
    (403 for someone tied to the organisation in another way)."""
    if not user.is_authenticated:
        raise Http404
    project = Project.objects.select_related("organisation").filter(id=project_id).first()
    if project is None:
        raise Http404
    if _is_staff(user, project.organisation_id):
        return ProjectAccess(project=project, is_staff=True)
    if Project.objects.filter(Q(id=project.id), Q(donors__logins__user=user)).exists():
        return ProjectAccess(project=project, is_staff=False)
    if _knows(user, project.organisation_id):
        raise PermissionDenied
    raise Http404


def donor_for_staff(user: AnyUser, donor_id: uuid.UUID) -> Donor:
    """A donor of the user's own organisation, for its staff; else as organisation_for_staff."""
    donor = Donor.objects.select_related("organisation").filter(id=donor_id).first()
    if donor is None:
        raise Http404
    organisation_for_staff(user, donor.organisation_id)
    return donor
