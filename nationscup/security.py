"""Security middleware: a Content Security Policy, login throttling and the admin audit log.

Kept small on purpose (no extra package): each piece is a few lines and is
tested in ``tests/test_security.py``.
"""

import base64
import hashlib
import logging
import re

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.translation import gettext as _

audit_log = logging.getLogger("nationscup.audit")


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every response that has none.

    The site's templates and the admin load only same-origin scripts and
    styles and use no inline script, so the policy can stay ``'self'``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            if settings.DEBUG:
                policy = debug_page_policy(policy, response)
            response["Content-Security-Policy"] = policy
        return response


DEBUG_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'
INLINE_BLOCK = {
    "style-src": re.compile(rb"<style[^>]*>(.*?)</style>", re.S),
    "script-src": re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S),
}


def debug_page_policy(policy: str, response) -> str:
    """The policy for Django's own debug pages (DEBUG only): their inline styles and scripts
    are allowed by hash, so the page is readable and nothing else inline is let in."""
    content = b"" if response.streaming else response.content
    if DEBUG_PAGE_MARK not in content:
        return policy
    for directive, pattern in INLINE_BLOCK.items():
        hashes = {
            "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode() + "'"
            for block in pattern.findall(content)
        }
        if hashes:
            policy = policy.replace(f"{directive} ", f"{directive} {' '.join(sorted(hashes))} ", 1)
    return policy


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(username: str, ip: str) -> tuple[str, str]:
    """Cache keys for one account and for one account from one address."""
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:user:{digest}", f"login-fail:user-ip:{digest}:{ip}"


def _limits() -> tuple[int, int]:
    """Failures allowed per account from one address, and per account from anywhere."""
    return settings.LOGIN_THROTTLE_PER_ADDRESS, settings.LOGIN_THROTTLE_PER_ACCOUNT


def _window() -> int:
    return settings.LOGIN_THROTTLE_SECONDS


class LoginThrottleMiddleware:
    """Refuse login attempts (HTTP 429) for an account after repeated failures.

    Failures are counted in the cache (shared through Redis in production) for
    ``LOGIN_THROTTLE_SECONDS``: per account and address, and, more loosely,
    per account from any address, so neither one machine nor a botnet can go
    on guessing one password. A successful login clears the address's count.
    Applies to the site's and the admin's login forms.
    """

    LOGIN_VIEWS = {"login", "admin:login"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match.view_name not in self.LOGIN_VIEWS:
            return None
        username = request.POST.get("username", "")
        account_key, address_key = _keys(username, _client_ip(request))
        per_address, per_account = _limits()
        if cache.get(address_key, 0) < per_address and cache.get(account_key, 0) < per_account:
            return None
        audit_log.warning("login throttled: %r from %s", username, _client_ip(request))
        return HttpResponse(
            _("Too many failed logins for this account. Try again in %(minutes)d minutes.")
            % {"minutes": max(1, _window() // 60)},
            status=429,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": str(_window())},
        )


def _bump(key: str) -> None:
    if cache.add(key, 1, _window()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _window())


@receiver(user_login_failed, dispatch_uid="nationscup.security.count_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    for key in _keys(credentials.get("username", ""), _client_ip(request)):
        _bump(key)


@receiver(user_logged_in, dispatch_uid="nationscup.security.clear_failures")
def clear_login_failures(sender, request, user, **kwargs):
    if request is not None:
        cache.delete(_keys(user.get_username(), _client_ip(request))[1])


class AdminAuditMiddleware:
    """Log every write made through the admin: who, what (path and action), when, outcome.

    Django's ``LogEntry`` keeps admin edits in the database and services
    write ``StaffAction`` rows for imports, closes and payouts; this line in
    the audit log also covers admin actions that have neither.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "POST"
            and match is not None
            and "admin" in match.namespaces
            and match.url_name != "login"
        ):
            user = getattr(request, "user", None)
            who = user.get_username() if user is not None and user.is_authenticated else "-"
            audit_log.info(
                "admin write by %s: POST %s action=%s selected=%d status=%d",
                who,
                request.path,
                request.POST.get("action") or ("upload" if request.FILES else "save"),
                len(request.POST.getlist("_selected_action")),
                response.status_code,
            )
        return response
