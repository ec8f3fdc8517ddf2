"""Security middleware: a Content Security Policy, login throttling and the admin audit log.

Kept small on purpose (no extra package): each piece is a few lines and is
tested in ``tests/test_security.py``; the throttles' budgets live in
``nationscup/throttle.py``.
"""

import base64
import hashlib
import logging
import re

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import Signal, receiver
from django.http import HttpResponse
from django.utils.translation import gettext as _

from nationscup import throttle

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


class LoginThrottleMiddleware:
    """Answer 429 to a login attempt whose budgets are spent, and to over-used doors.

    The budgets, delays and known devices are ``nationscup/throttle.py``'s;
    this applies them to the site's and the admin's login forms, and the
    ``RATE_LIMITS`` to sign-up, password reset and the results API, per
    client address.
    """

    LOGIN_VIEWS = {"login", "admin:login"}
    RATE_LIMITED_VIEWS = {"leagues:signup": "signup", "password_reset": "password_reset"}
    RESULTS_API = "/api/v1/results/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        throttle.set_known_device_cookie(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        name = request.resolver_match.view_name
        if name in self.LOGIN_VIEWS:
            return self._login(request)
        scope = self.RATE_LIMITED_VIEWS.get(name)
        if scope is None and request.path.startswith(self.RESULTS_API):
            scope = "results_api"
        if scope is None:
            return None
        address = throttle.address_bucket(throttle.client_address(request))
        seconds = throttle.rate_limited(scope, address)
        if not seconds:
            return None
        audit_log.warning("rate limited: %s from %s", scope, address)
        return _too_many(_("Too many requests. Try again in %(seconds)d seconds."), seconds)

    def _login(self, request):
        username = request.POST.get("username", "")
        refusal = throttle.login_refusal(request, username)
        if refusal is None:
            return None
        address = throttle.client_address(request)
        audit_log.warning("login throttled: %r from %s", username, address)
        if refusal.account_locked:
            message = _(
                "Too many failed logins for this account. Sign in from a device you have "
                "used before, or reset your password; or try again in %(seconds)d seconds."
            )
        else:
            message = _(
                "Too many failed logins from your address. Try again in %(seconds)d seconds."
            )
        return _too_many(message, refusal.seconds)


def _too_many(message: str, seconds: int) -> HttpResponse:
    return HttpResponse(
        message % {"seconds": seconds},
        status=429,
        content_type="text/plain; charset=utf-8",
        headers={"Retry-After": str(seconds)},
    )


@receiver(user_login_failed, dispatch_uid="nationscup.security.count_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        throttle.login_failed(request, credentials.get("username", ""))


@receiver(user_logged_in, dispatch_uid="nationscup.security.clear_failures")
def clear_login_failures(sender, request, user, **kwargs):
    if request is not None:
        throttle.login_succeeded(request, user.get_username())


# Sent after a write through the admin answered (its transaction committed), for what keeps
# copies of the data (the shared pages' cache).
admin_written = Signal()


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
            if response.status_code < 400:
                admin_written.send(sender=type(self), request=request)
        return response
