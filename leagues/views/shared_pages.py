"""Pages every anonymous visitor sees alike, rendered once until what they show changes.

A standings page, a driver's season page, profile or head-to-head changes when standings
are published or when a service writes something it shows (race results, a decision's
licence points, a suspension, a name: ``leagues.services.pages``). For anonymous visitors
it is rendered once per language and time zone and then served from the cache under a key
that names the shared pages' generation, which a publication or any such write moves: every
key moves at once, and the next visitor sees the change. Each visitor still gets their own
CSRF token.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from leagues.selectors.standings import shared_pages_version

# A page is exact while kept: this bounds the cache's size, and what a change shows late if the
# process that made it died between its commit and moving the generation.
SHARED_PAGE_SECONDS = 600
CSRF_PLACEHOLDER = b"csrf-token-of-the-visitor"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def _page_key(request, params: frozenset[str]) -> str | None:
    """The cache key of the page, or None when it is personal or asks for unknown parameters.

    Unknown query parameters are served uncached, so random ones cannot fill the cache.
    """
    if (
        request.method != "GET"
        or not params.issuperset(request.GET)
        or any(cookie in request.COOKIES for cookie in PERSONAL_COOKIES)
    ):
        return None
    where = hashlib.sha1(request.get_full_path().encode()).hexdigest()
    zone = timezone.get_current_timezone_name()
    language = translation.get_language()
    return f"shared-page-bytes:{shared_pages_version()}:{language}:{zone}:{where}"


def _private(response) -> bool:
    return "private" in response.get("Cache-Control", "")


def shared_for_anonymous(*, params: tuple[str, ...] = ()):
    """Serve the view's page (or redirect) from the cache to anonymous visitors.

    ``params`` are the query parameters the page understands. A response
    marked ``Cache-Control: private`` is not shared.
    """
    allowed = frozenset(params)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            key = _page_key(request, allowed)
            cached = cache.get(key) if key else None
            if cached is not None:
                kind, body = cached
                if kind == "redirect":
                    return HttpResponseRedirect(body)
                # Bytes, as rendered: a hit neither decodes nor re-encodes the page.
                return HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request).encode()))
            response = view(request, *args, **kwargs)
            if key is None or response.streaming or _private(response):
                return response
            if response.status_code == 302:
                cache.set(key, ("redirect", response["Location"]), SHARED_PAGE_SECONDS)
            elif response.status_code == 200:
                page = CSRF_FIELD.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content)
                cache.set(key, ("page", page), SHARED_PAGE_SECONDS)
            return response

        return wrapper

    return decorate
