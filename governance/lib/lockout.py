"""Lock-out after failed logins (django-axes): per account and address, and per account from anywhere.

Five wrong passwords for one user name from one address lock that pair; a longer run for one user name from
any addresses (password guessing spread over many machines) locks the account. Another user on the same
address (an office NAT, the TLS proxy) can still log in. The client address comes from the proxy's
`X-Forwarded-For` only when `BEHIND_TLS_PROXY` says a proxy of ours is in front; otherwise anyone could
choose the address they are counted under.
"""

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum

# Matched by position in `TieredDatabaseHandler.get_failures`.
LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]


def client_ip(request) -> str | None:
    """The address the request came from: the last `X-Forwarded-For` hop (added by our proxy) behind one."""
    if settings.BEHIND_TLS_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


class TieredDatabaseHandler(AxesDatabaseHandler):
    """Axes counts failures per parameter set against one limit; this gives the per-account set its own."""

    def get_failures(self, request, credentials=None) -> int:
        pair, account = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if account >= settings.AXES_USERNAME_FAILURE_LIMIT:
            # Report the account as at the (lower) pair limit: axes then locks it from every address.
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair


def lockout_retry_at(request, credentials=None) -> datetime | None:
    """When the lock-out of this user name ends: the cool-off after its last failed attempt."""
    username = get_client_username(request, credentials)
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    cool_off = get_cool_off(request)
    if last is None or cool_off is None:
        return None
    return last + cool_off


def lockout_release(*, username: str) -> int:
    """Unlock one user name from every address; returns how many attempt records were removed."""
    from axes.utils import reset

    return reset(username=username)
