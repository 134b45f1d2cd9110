"""Fetch governance records for a user's group access, or 404."""

import uuid

from django.shortcuts import get_object_or_404

from minka.governance.models import Meeting, Term
from minka.members.access import Access, Can


def meeting_for(access: Access, meeting_id: uuid.UUID) -> Meeting:
    """A meeting of the group, for those with a group-wide role; 404 to anyone else."""
    meeting = get_object_or_404(Meeting, group=access.group, id=meeting_id)
    access.require(Can.VIEW_GROUP)
    return meeting


def term_for(access: Access, term_id: uuid.UUID) -> Term:
    return get_object_or_404(Term, group=access.group, id=term_id)
