"""The one HTTP post of a delivery: short timeout, no redirects, public addresses only.

The host is resolved once, every address it resolves to is checked
(``rules.address_refusal``), and the connection goes to the checked address
itself: a name that resolves to a public address for the check and to a
private one a moment later (DNS rebinding) still cannot reach the site's
network. Redirects are never followed, for the same reason.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from leagues.exceptions import RuleViolation
from notifications.webhooks import rules

RESPONSE_READ_MAX = 1024


@dataclass(frozen=True)
class Answer:
    """What one post got back: the HTTP status, or None and the error that prevented one."""

    status: int | None
    error: str = ""
    duration_ms: int = 0


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace it to stand in for DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def checked_address(url: str) -> str:
    """The public address to post ``url`` to; RuleViolation saying why there is none."""
    allow_loopback = settings.WEBHOOK_ALLOW_LOOPBACK_HTTP
    refusal = rules.url_refusal(url, allow_http=allow_loopback)
    if refusal:
        raise RuleViolation(refusal)
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = resolve(host, parts.port or 443)
    except (OSError, UnicodeError) as error:
        raise RuleViolation(f"The host {host} cannot be found ({error}).") from error
    if not addresses:
        raise RuleViolation(f"The host {host} cannot be found.")
    for address in addresses:
        why = rules.address_refusal(address, allow_loopback=allow_loopback)
        if why:
            raise RuleViolation(f"The site does not post to {host}: {why}.")
    if parts.scheme == "http" and not all(map(rules.is_loopback, addresses)):
        # Plain http is for the tests' loopback receiver only, never for a public host.
        raise RuleViolation("A webhook URL must start with https://.")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name resolves to now."""

    def __init__(self, host: str, *, address: str, port: int | None, timeout: float) -> None:
        super().__init__(host, port=port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, verified against the URL's host name."""

    def __init__(self, host: str, *, address: str, port: int | None, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port=port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``; never raises for what the endpoint or network does."""
    started = time.monotonic()

    def answer(status: int | None, error: str = "") -> Answer:
        return Answer(status, error[:300], int((time.monotonic() - started) * 1000))

    try:
        address = checked_address(url)
    except RuleViolation as refusal:
        return answer(None, " ".join(refusal.messages))
    parts = urlsplit(url)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname or "", address=address, port=parts.port, timeout=settings.WEBHOOK_TIMEOUT
    )
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(RESPONSE_READ_MAX)
        return answer(response.status)
    except TimeoutError:
        return answer(None, f"No answer within {settings.WEBHOOK_TIMEOUT:g} s")
    except (OSError, http.client.HTTPException) as error:
        return answer(None, f"{type(error).__name__}: {error}")
    finally:
        connection.close()
