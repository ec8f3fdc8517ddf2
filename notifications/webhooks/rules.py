"""Pure rules of outbound webhooks: no ORM, no network.

A receiver checks a delivery by computing ``signature(secret, timestamp, body)``
itself and comparing it with ``X-Nationscup-Signature`` (and refusing old
timestamps, which stops a captured delivery being replayed later).
"""

import hashlib
import hmac
import ipaddress
import json
from urllib.parse import urlsplit

ROUND_PUBLISHED = "round.published"
STANDINGS_PUBLISHED = "standings.published"
SESSION_RESULTS_CONFIRMED = "session.results_confirmed"
DECISION_PUBLISHED = "decision.published"
TEST = "test"
KINDS = (ROUND_PUBLISHED, STANDINGS_PUBLISHED, SESSION_RESULTS_CONFIRMED, DECISION_PUBLISHED)

SIGNATURE_PREFIX = "sha256="
DISCORD_HOSTS = {"discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"}
DISCORD_CONTENT_MAX = 2000
# Responses worth trying again: the endpoint is overloaded or asks us to slow down. Any
# other 4xx (a deleted Discord webhook answers 404) will not get better by itself.
RETRYABLE_STATUSES = {408, 425, 429}


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of ``"<timestamp>." + body`` under the webhook's secret."""
    message = f"{timestamp}.".encode() + body
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_matches(secret: str, timestamp: int, body: bytes, claimed: str) -> bool:
    """What a receiver runs: a constant-time comparison with the signature it computes."""
    return hmac.compare_digest(signature(secret, timestamp, body), claimed)


def backoff_seconds(attempts: int, *, base: int, cap: int) -> int:
    """Wait before the next try after ``attempts`` failed ones: base, 2·base, 4·base … ≤ cap."""
    return min(cap, base * 2 ** max(0, attempts - 1))


def is_retryable(status: int | None) -> bool:
    """A failure worth another try: no answer (timeout, refused), a 5xx, or a 'slow down'."""
    return status is None or status >= 500 or status in RETRYABLE_STATUSES


def is_success(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def is_discord(url: str) -> bool:
    """A Discord channel's webhook, which wants its own message shape."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower() in DISCORD_HOSTS and parts.path.startswith(
        "/api/webhooks/"
    )


def url_refusal(url: str, *, allow_http: bool) -> str | None:
    """Why ``url`` cannot be a webhook's address (before resolving it), or None."""
    parts = urlsplit(url)
    allowed = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in allowed:
        return "A webhook URL must start with https://."
    if not parts.hostname:
        return "A webhook URL needs a host name."
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return "A webhook URL's port must be a number from 1 to 65535."
    if parts.username or parts.password:
        return "A webhook URL may not carry a user name or password."
    return None


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_loopback(address: str) -> bool:
    return _ip(address).is_loopback


def address_refusal(address: str, *, allow_loopback: bool) -> str | None:
    """Why the site must not post to ``address`` (loopback, private, link-local …), or None.

    Posting to the site's own network would let a webhook probe or drive
    internal services (server-side request forgery).
    """
    ip = _ip(address)
    if ip.is_loopback:
        return None if allow_loopback else "it is this machine (loopback)"
    if ip.is_link_local:
        return "it is a link-local address"
    if ip.is_private:
        return "it is a private network address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "it is not a public internet address"
    return None


def envelope(*, event_id: str, kind: str, created_at: str, data: dict) -> bytes:
    """The JSON body every non-Discord endpoint receives (compact, keys sorted)."""
    body = {"id": event_id, "kind": kind, "created_at": created_at, "data": data}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def discord_text(kind: str, data: dict) -> str:
    """One readable line or two for a Discord channel, with the page's address."""
    if kind == ROUND_PUBLISHED:
        text = f"🏁 **Round {data['round']} of {data['season']} is published** ({data['track']})"
    elif kind == STANDINGS_PUBLISHED:
        rounds = ", ".join(str(n) for n in data["rounds"]) or "none"
        text = (
            f"📊 **{data['season']} standings published** "
            f"(version {data['version']}, rounds {rounds})"
        )
    elif kind == SESSION_RESULTS_CONFIRMED:
        podium = " · ".join(f"{row['position']}. {row['driver']}" for row in data.get("podium", []))
        text = f"🏆 **{data['event']} – {data['session']}: results confirmed**"
        text += f"\n{podium}" if podium else ""
    elif kind == DECISION_PUBLISHED:
        text = (
            f"⚖️ **Stewards' decision in {data['season']} round {data['round']}**: "
            f"{data['decision']}"
        )
    else:
        text = f"🔔 **Test event from Nations Cup** {data.get('note', '')}".rstrip()
    if data.get("url"):
        text += f"\n{data['url']}"
    return text[:DISCORD_CONTENT_MAX]


def discord_body(kind: str, data: dict) -> bytes:
    """Discord's webhook shape; mentions are switched off so a name can never ping a channel."""
    body = {
        "username": "Nations Cup",
        "content": discord_text(kind, data),
        "allowed_mentions": {"parse": []},
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
