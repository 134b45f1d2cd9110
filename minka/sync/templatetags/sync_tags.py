"""The sync link in the header, and the read-only note on a group held by another server."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from minka.sync.access import may_sync
from minka.sync.owner import held_by, held_message, owner_of
from minka.sync.roles import here, is_central

register = template.Library()


@register.simple_tag(takes_context=True)
def sync_link(context: dict[str, Any]) -> str:
    request = context.get("request")
    if request is None or not may_sync(request.user):
        return ""
    return format_html('<a href="/sync/">{}</a>', _("Sincronización"))


@register.simple_tag
def group_sync_note(group: Any) -> str:
    """On the server that does not hold the group: say so, and when it last changed."""
    if group is None:
        return ""
    holder = held_by(group)
    if not holder:
        return ""
    return format_html('<p class="readonly-note">{}</p>', held_message(group, holder))


@register.simple_tag
def record_sync_note(obj: Any) -> str:
    """On a read-only copy: where and when this record last changed."""
    from minka.sync.owner import last_change

    if obj is None or not is_central() or owner_of(obj) == here():
        return ""
    last = last_change(obj._meta.label, obj.pk)
    if last is None:
        return ""
    return format_html(
        '<p class="readonly-note">{}</p>',
        _("Último cambio de este registro: %(last)s.") % {"last": last},
    )
