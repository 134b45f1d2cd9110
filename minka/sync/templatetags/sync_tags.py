"""The sync link in the header, and the read-only note on a group held by another server."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from minka.sync.access import may_sync
from minka.sync.models import Change
from minka.sync.owner import holder_of_code
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
    if group is None or not is_central():
        return ""  # a site holds every group it has: central sends it no other
    holder = holder_of_code(group.code, cached=True)
    if holder == here():
        return ""
    last = Change.objects.filter(group_id=group.pk).exclude(origin=here()).order_by("-id").first()
    text = _("Este grupo se administra en %(site)s: aquí se ve una copia de solo lectura.") % {
        "site": holder
    }
    if last is not None:
        from minka.sync.owner import LastChange

        text += " " + _("Último cambio recibido: %(last)s.") % {
            "last": LastChange(last.origin, last.changed_at)
        }
    return format_html('<p class="readonly-note">{}</p>', text)
