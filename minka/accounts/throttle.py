"""How many wrong passwords a name or an address may try before it has to wait.

Counted in the database, not in a process's memory, so every gunicorn worker of a site
sees the same count. A failure counts for one hour; a successful sign-in clears the
failures of that name (not of the address, which may be an attacker's).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from minka.accounts.models import LoginAttempt

WINDOW = timedelta(hours=1)


def _failures_since(**filters: object) -> int:
    since = timezone.now() - WINDOW
    return LoginAttempt.objects.filter(succeeded=False, created_at__gte=since, **filters).count()


def login_is_blocked(*, username: str, address: str | None) -> bool:
    name = username.strip().lower()
    last_success = (
        LoginAttempt.objects.filter(username=name, succeeded=True)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    since = timezone.now() - WINDOW
    if last_success and last_success > since:
        since = last_success
    by_name = LoginAttempt.objects.filter(username=name, succeeded=False, created_at__gte=since)
    if by_name.count() >= settings.MINKA_LOGIN_FAILURES_PER_ACCOUNT:
        return True
    limit = settings.MINKA_LOGIN_FAILURES_PER_ADDRESS
    return bool(address) and _failures_since(address=address) >= limit


def login_attempt_record(*, username: str, address: str | None, succeeded: bool) -> None:
    """Write one attempt, and forget attempts older than the window (they count no more)."""
    LoginAttempt.objects.create(
        username=username.strip().lower()[:150], address=address, succeeded=succeeded
    )
    LoginAttempt.objects.filter(created_at__lt=timezone.now() - 2 * WINDOW).delete()
