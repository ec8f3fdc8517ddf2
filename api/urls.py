"""``api/v1/``: ninja's routes, HEAD answered like GET, and the URL names the templates use
(``api:openapi``, ``api:docs``)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path

from api.main import api


def head_like_get(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """HEAD runs the GET operation (the server drops the body); a 405 says what is allowed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if head:
            request.method = "HEAD"
            response.content = b""
        if response.status_code == 405:
            allowed = {m.strip() for m in response["Allow"].split(",")}
            if "GET" in allowed:
                allowed.add("HEAD")
            methods = ", ".join(sorted(allowed))
            response = JsonResponse({"error": f"Use {methods}."}, status=405)
            response["Allow"] = methods
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # ninja's views are exempt too
    return wrapped


patterns, _, namespace = api.urls
ALIASES = {"openapi-json": "openapi", "openapi-view": "docs"}

urlpatterns: list[URLPattern] = []
for pattern in patterns:
    assert isinstance(pattern, URLPattern) and pattern.name  # ninja names every view
    view = head_like_get(pattern.callback)
    urlpatterns.append(path(str(pattern.pattern), view, name=pattern.name))
    if pattern.name in ALIASES:
        urlpatterns.append(path(str(pattern.pattern), view, name=ALIASES[pattern.name]))

app_name = namespace
