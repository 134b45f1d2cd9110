"""Her statement, rendered once and kept until something of her group changes.

Nearly all that her statement costs is building two dozen small queries (her work, yarn,
money, trainings, meetings, sales, the next meeting and pay day) and rendering their
answers and the page around them; all come out the same from one visit to the next until
a record is written. Every write of a record that travels is logged in the sync change
log, in the write's own transaction (minka.sync.changes, and the applier for a peer's
bundle), so the newest change of her group (and of the records that have no group) says
whether anything on the page may have changed: one query that reads the ends of two
indexes.

The whole page is kept per process (the "statements" cache) under a key made of that
reading, the version of the reviewed strings and recordings (minka.languages.freshness),
the page's language, today's date (the next meeting, pay day), what the viewer may see
(her roles, whether she is the member herself, whether she reviews translations: her
menu links to them) and the name her menu shows. Read on every visit all the same: who
she is and what she may see, the member, and the access log's entry (written on every
visit by someone other than the member herself; it alone does not change the page, so
it is left out of the reading). A page that carries a message (shown once) is never
kept, and the CSRF token is this visit's: the kept page carries a mark in its place.

The reading is taken before the data, so a write that lands in between renders anew on
the next visit. On PostgreSQL a change's number is drawn before its transaction commits;
writes that minka.sync.changes records hold its counter until they commit, but a bundle
applied on central does not, so a write of the same group committing in the same instant
could hide it: pages are also dropped after a minute (the cache's TIMEOUT).
"""

import hashlib
import uuid
from typing import Any

from django.contrib import messages
from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from minka.languages.freshness import current_version
from minka.languages.models import Translator
from minka.members.access import Access
from minka.members.models import Member
from minka.sync.models import ACCESS_LOG, Change

CSRF_MARK = "minka-csrf-token-of-this-visit"


def reading(group_id: uuid.UUID, user_id: int) -> tuple[int | None, int | None, bool]:
    """The newest change of the group and of records with no group, and whether this user
    reviews translations for the group (her own menu links to them; reviewers don't
    travel, so no change says so): one query. (On a site every change has no group; on
    central, a group's own changes name it.) Written out in SQL: built by the ORM, this
    one query took a sixth of the time of a kept page."""
    quote = connection.ops.quote_name
    table = quote(Change._meta.db_table)
    group = Change._meta.get_field("group_id").get_db_prep_value(group_id, connection)
    # Read from the partial index of the changes a page may show (sync_change_shown_idx),
    # in one step, however many looks were logged since: the condition is written as the
    # index's (a constant of ours, not input) and the order is the index's, else the
    # planner walks the primary key back past every look.
    shown = f"NOT ({quote(Change._meta.get_field('model').column)} = '{ACCESS_LOG}')"
    newest = (
        f"SELECT id FROM {table} WHERE group_id {{}} AND {shown}"
        " ORDER BY group_id DESC, id DESC LIMIT 1"
    )
    reviewer = Translator._meta
    reviews = (
        f"SELECT 1 FROM {quote(reviewer.db_table)} WHERE "
        f"{quote(reviewer.get_field('user').column)} = %s AND "
        f"{quote(reviewer.get_field('group').column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({newest.format('= %s')}), ({newest.format('IS NULL')}), EXISTS({reviews})",
            [group, user_id, group],
        )
        mine, shared, reviewer_here = cursor.fetchone()
    return mine, shared, bool(reviewer_here)


def page_key(request: Any, access: Access, member: Member) -> str:
    """Where her page is kept, as things stand now (read before the page's data)."""
    user = request.user
    mine, shared, reviews = reading(access.group.id, user.id)
    viewer = (
        sorted(access.roles),
        access.held_by,
        access.member.id if access.member else None,
        reviews,
        user.get_full_name() or user.username,
    )
    parts = (member.id, request.path, mine, shared, current_version(), translation.get_language())
    described = repr((*parts, timezone.localdate(), viewer))
    return "statement:" + hashlib.sha256(described.encode()).hexdigest()


def pending_messages(request: Any) -> bool:
    """Whether this visit's page shows a message; asking does not use them up."""
    return len(messages.get_messages(request)) > 0


def kept_page(key: str) -> str | None:
    found: str | None = caches["statements"].get(key)
    return found


def keep_page(key: str, page: str) -> None:
    caches["statements"].set(key, page)


def served(page: str, request: Any) -> SafeString:
    """The page for this visit: with its own CSRF token in place of the mark."""
    # Our own render, escaped when it was made; a token is letters and digits.
    return mark_safe(page.replace(CSRF_MARK, get_token(request)))
