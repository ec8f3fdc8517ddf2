"""Signed-in sessions end after ``SESSION_IDLE_SECONDS`` without a request.

Django's session expiry is absolute from the last save; saving on every request
would make each page a database write. ``IdleSessionExpiry`` marks the session
modified at most once a minute, so the expiry slides with use at that cost.
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SEEN_KEY = "_seen_minute"


class IdleSessionExpiry:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            minute = int(timezone.now().timestamp() // 60)
            if request.session.get(SEEN_KEY) != minute:
                request.session[SEEN_KEY] = minute
        return response
