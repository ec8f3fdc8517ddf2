"""Signed-in sessions end after ``SESSION_IDLE_SECONDS`` without a request.

Django's session expiry counts from the session's last save; saving on every request
would make each page a database write. ``IdleSessionExpiry`` saves a signed-in session
again only once a tenth of the idle period has passed since the last time (and a login
saves it anyway), so a session ends between 90 % and 100 % of the idle period after
its last request, at one write per user per 72 minutes by default.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SEEN_KEY = "_seen_at"


def _now() -> int:
    return int(timezone.now().timestamp())


@receiver(user_logged_in, dispatch_uid="nationscup.sessions.seen_at_login")
def _seen_at_login(sender, request, user, **kwargs) -> None:
    # The login saves the session: the first pages after it need no write of their own.
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = _now()


class IdleSessionExpiry:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            seen = request.session.get(SEEN_KEY)
            now = _now()
            if not isinstance(seen, int) or now - seen >= settings.SESSION_IDLE_SECONDS // 10:
                request.session[SEEN_KEY] = now
        return response
