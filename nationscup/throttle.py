"""Throttles: login budgets with growing delays, and rate limits on the other doors.

Logins (the site's and the admin's) spend three budgets, each counted in the
``throttle`` cache for ``LOGIN_THROTTLE_SECONDS`` after the last failure:

- one account from one address (``LOGIN_THROTTLE_PER_ADDRESS`` free failures),
- one address, whatever the account (``LOGIN_THROTTLE_PER_IP``): many
  usernames tried from one machine,
- one account, from anywhere (``LOGIN_THROTTLE_PER_ACCOUNT``): a botnet.

Past its free failures a budget makes the next attempt wait
``LOGIN_THROTTLE_BASE_DELAY`` seconds, doubling with each further failure up
to ``LOGIN_THROTTLE_MAX_DELAY``; a refused attempt is answered
429 before the password is even checked. The account budget does not lock the
owner out: it applies only to devices that never signed in to the account (a
signed "known device" cookie set at every successful login), and a correct
password from a known device or a completed password reset lifts it.

Accounts are keyed on the username as Django's login reads it (NFKC, then
case-folded), so ``ａｌｉｃｅ`` and ``Alice`` spend ``alice``'s budget. IPv6
addresses are counted per /64, the block one subscriber gets. The client's
address is ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` proxies sit in
front; then it is the address the outermost of them saw (``X-Forwarded-For``).

The ``throttle`` cache (``nationscup.cache.LocalFallbackRedisCache``) counts
in this process's memory while Redis is unreachable, so an outage weakens the
limits to per-process ones instead of lifting them.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import caches

KNOWN_DEVICE_COOKIE = "nc_known_device"
KNOWN_DEVICE_SALT = "nationscup.throttle.known-device"
KNOWN_ACCOUNTS_KEPT = 8


def store():
    return caches["throttle"]


def now() -> float:
    return time.time()


# Who is asking


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or what the outermost trusted proxy saw."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote  # not through every proxy: only the last hop is known
    candidate = hops[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


def address_bucket(address: str) -> str:
    """What one client's budget is counted on: the address, or its /64 for IPv6."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def normal_username(username: str) -> str:
    """The username as the login form normalises it (NFKC), case-folded and trimmed."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def account_key(username: str) -> str:
    """A keyed digest of the normalised username: cache keys and cookies never show it."""
    name = normal_username(username).encode("utf-8", "replace")
    return hmac.new(settings.SECRET_KEY.encode(), name, hashlib.sha256).hexdigest()[:32]


# The rule


def delay_after(failures: int, free: int, base: int, cap: int) -> int:
    """Seconds to wait after ``failures`` failures: none before ``free``, then ``base`` doubling
    with each further failure, never more than ``cap``."""
    if failures < free:
        return 0
    return min(cap, base * 2 ** min(failures - free, 32))


# Counting


def _incr(key: str, timeout: int) -> int:
    """Add one to ``key`` (kept ``timeout`` seconds after the last addition); the new count."""
    cache = store()
    if cache.add(key, 1, timeout):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1
    cache.touch(key, timeout)
    return count


def _fail(scope: str, ident: str, free: int) -> None:
    window = settings.LOGIN_THROTTLE_SECONDS
    failures = _incr(f"throttle:fails:{scope}:{ident}", window)
    delay = delay_after(
        failures, free, settings.LOGIN_THROTTLE_BASE_DELAY, settings.LOGIN_THROTTLE_MAX_DELAY
    )
    if delay:
        store().set(f"throttle:until:{scope}:{ident}", now() + delay, delay)


def _wait(scope: str, ident: str) -> int:
    until = store().get(f"throttle:until:{scope}:{ident}")
    return max(0, math.ceil(until - now())) if until else 0


def _clear(scope: str, ident: str) -> None:
    store().delete_many([f"throttle:fails:{scope}:{ident}", f"throttle:until:{scope}:{ident}"])


@dataclass(frozen=True)
class LoginRefusal:
    """Why a login attempt is not even checked, and for how long."""

    seconds: int
    account_locked: bool


def _budgets(request, username: str) -> tuple[str, str]:
    return account_key(username), address_bucket(client_address(request))


def login_refusal(request, username: str) -> LoginRefusal | None:
    """Whether this attempt must wait: its address's budgets, or the account's from a new device."""
    account, address = _budgets(request, username)
    waits = [_wait("pair", f"{account}:{address}"), _wait("address", address)]
    locked = 0 if is_known_device(request, account) else _wait("account", account)
    if max(*waits, locked) == 0:
        return None
    return LoginRefusal(seconds=max(*waits, locked), account_locked=locked > max(waits))


def login_failed(request, username: str) -> None:
    """Spend one failure of each budget the attempt belongs to."""
    account, address = _budgets(request, username)
    _fail("pair", f"{account}:{address}", settings.LOGIN_THROTTLE_PER_ADDRESS)
    _fail("address", address, settings.LOGIN_THROTTLE_PER_IP)
    _fail("account", account, settings.LOGIN_THROTTLE_PER_ACCOUNT)


def login_succeeded(request, username: str) -> None:
    """The owner is in: their account's budgets are whole again and this device is known.

    The address's own budget is not refilled: an attacker could otherwise
    clear it by signing in to an account of their own between guesses.
    """
    account, address = _budgets(request, username)
    _clear("pair", f"{account}:{address}")
    lift_account_lockout(username)
    remember_device(request, account)


def lift_account_lockout(username: str) -> None:
    """Refill the account's budget (a correct password from a known device, a reset link)."""
    _clear("account", account_key(username))


# Known devices: a signed cookie listing the accounts that signed in from this browser


def _known_accounts(request) -> list[str]:
    try:
        value = signing.loads(
            request.COOKIES.get(KNOWN_DEVICE_COOKIE, ""),
            salt=KNOWN_DEVICE_SALT,
            max_age=settings.KNOWN_DEVICE_DAYS * 86400,
        )
    except signing.BadSignature:
        return []
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def is_known_device(request, account: str) -> bool:
    return account in _known_accounts(request)


def remember_device(request, account: str) -> None:
    """Ask the middleware to (re)send the cookie with ``account`` in it."""
    accounts = [item for item in _known_accounts(request) if item != account] + [account]
    request.known_device_accounts = accounts[-KNOWN_ACCOUNTS_KEPT:]


def set_known_device_cookie(request, response) -> None:
    accounts = getattr(request, "known_device_accounts", None)
    if accounts is None:
        return
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        signing.dumps(accounts, salt=KNOWN_DEVICE_SALT),
        max_age=settings.KNOWN_DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# Rate limits of the other doors (sign-up, password reset, the results API)


def rate_limited(scope: str, ident: str) -> int:
    """Spend one request of ``scope``'s ``RATE_LIMITS`` budget; seconds to wait if it is spent."""
    limit, window = settings.RATE_LIMITS[scope]
    slot = int(now() // window)
    count = _incr(f"throttle:rate:{scope}:{ident}:{slot}", window)
    if count <= limit:
        return 0
    return max(1, math.ceil((slot + 1) * window - now()))
