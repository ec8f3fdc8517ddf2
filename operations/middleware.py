import time

from operations import logs, metrics


class RequestMetricsMiddleware:
    """Give each request an id (logs, ``X-Request-ID``) and count it, with its time, per view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = logs.incoming_id(request.headers.get("X-Request-ID"))
        token = logs.request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            logs.request_id.reset(token)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unresolved"
        metrics.observe_request(
            view=view,
            method=request.method if request.method in KNOWN_METHODS else "other",
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        response["X-Request-ID"] = request.id
        return response


KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
