"""Whether this server is a site or central, and its code."""

from django.conf import settings


def is_central() -> bool:
    return str(settings.MINKA_ROLE) == "central"


def here() -> str:
    return str(settings.MINKA_SITE_CODE)
