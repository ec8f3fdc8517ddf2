"""Show every time in the visitor's own time zone.

The zone is an IANA name kept in a cookie: ``static/js/site.js`` sets it from
the browser on the first visit, the time zone page changes it. Anything that
is not a known zone is ignored and the page stays in UTC.
"""

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.utils import timezone, translation

TIMEZONE_COOKIE = "nationscup_tz"


@lru_cache(maxsize=512)
def zone_or_none(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone called ``name``, or None for an unknown or malformed name."""
    if not name or len(name) > 64:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class TimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = zone_or_none(request.COOKIES.get(TIMEZONE_COOKIE, ""))
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        request.timezone = zone
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class EnglishAdminMiddleware:
    """The admin stays in English whatever language the visitor chose for the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
