"""Session lifetime (OWASP ASVS L2, 3.3): logged out after `SESSION_IDLE_SECONDS` without a request and
`SESSION_ABSOLUTE_SECONDS` after login, whatever the activity; pages that carry personal data are not cached."""

import time

from django.conf import settings
from django.contrib.auth import logout

STARTED = "jiedao_session_started"
SEEN = "jiedao_session_seen"
# Record activity at most this often, so that a burst of requests does not write the session each time.
SEEN_RESOLUTION = 60


class SessionLifetimeMiddleware:
    """Ends a signed-in session that has been idle or open too long; the next page asks for a login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            started = request.session.setdefault(STARTED, now)
            seen = request.session.get(SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
            elif now - seen >= SEEN_RESOLUTION or SEEN not in request.session:
                request.session[SEEN] = now
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Signed-in pages and exports show residents' data: no copy in the browser's or a proxy's cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
