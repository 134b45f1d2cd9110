"""What a member's own page shows about governance: meetings and posts."""

from dataclasses import dataclass, field

from minka.governance.models import Meeting, PostHolding
from minka.members.access import Access
from minka.members.models import Member


@dataclass(frozen=True)
class GovernanceSummary:
    member: Member
    meetings_attended: int
    meetings_held: int  # meetings of her group since she joined
    posts: list[PostHolding] = field(default_factory=list)

    @property
    def post_count(self) -> int:
        return len(self.posts)

    @property
    def attendance_percent(self) -> int | None:
        if not self.meetings_held:
            return None
        return round(100 * self.meetings_attended / self.meetings_held)


def member_summary(member: Member, viewer_access: Access) -> GovernanceSummary:
    """Nothing here is sensitive: meetings and posts are the group's public life. The
    caller has already checked that the viewer may see this member (member_for)."""
    held = Meeting.objects.filter(group_id=member.group_id, held_on__gte=member.joined_on)
    return GovernanceSummary(
        member=member,
        meetings_attended=held.filter(attendance__member=member).count(),
        meetings_held=held.count(),
        posts=list(
            PostHolding.objects.filter(member=member)
            .select_related("term")
            .order_by("-term__starts_on")
        ),
    )
