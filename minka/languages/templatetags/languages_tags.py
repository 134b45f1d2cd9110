from django import template
from django.contrib.auth.models import AnonymousUser, User

from minka.languages.models import Translator
from minka.members.models import Group

register = template.Library()


@register.simple_tag
def translates_for(user: User | AnonymousUser, group: Group) -> bool:
    """Whether this person reviews a language for the group (shows her the link)."""
    if not user.is_authenticated:
        return False
    return Translator.objects.filter(user=user, group=group).exists()
