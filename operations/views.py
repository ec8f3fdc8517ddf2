"""The readiness and metrics endpoints of the operators' monitoring."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations import health, metrics


@require_GET
@never_cache
def readiness(request):
    """200 when the database, Redis, a worker and beat all answer; 503 naming what does not."""
    checks = health.readiness()
    ok = all(check.ok for check in checks.values())
    return JsonResponse(
        {
            "status": "ok" if ok else "failing",
            "checks": {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()},
        },
        status=200 if ok else 503,
    )


def may_read_metrics(request) -> bool:
    """A bearer token equal to ``METRICS_TOKEN``, or an address in ``METRICS_ALLOWED_NETWORKS``."""
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


@require_GET
@never_cache
def prometheus(request):
    if not may_read_metrics(request):
        return HttpResponse(
            "Metrics need the METRICS_TOKEN bearer token or an address in "
            "METRICS_ALLOWED_NETWORKS.",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(
        metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8"
    )
