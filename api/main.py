"""The one ``NinjaAPI`` of the site, mounted at ``/api/v1/``.

Adding an endpoint: a function on the area's router in ``api/routers/`` with its
``Schema`` classes (responses derive from ``api.schemas.Closed``), ``response=`` naming
every status it answers (refusals are ``api.errors.Error``), reading through a selector
or writing through a service. A new area is a new module with a ``router``, added to
``ROUTERS`` below. The OpenAPI document and the docs page follow by themselves, and
``tests/test_api.py`` checks every response against that document.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.parser import Parser

from api import errors
from api.routers import drivers, live, ratings, results, seasons, standings, stewarding
from api.schemas import AbsoluteUrl, Closed
from nationscup.hostile import text_problem

ROUTERS = (seasons, results, standings, drivers, live, stewarding, ratings)


class JsonBody(Parser):
    """Parses the body as JSON; keeps it on the request so errors can name an entry."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            body = super().parse_body(request)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise errors.BodyNotJson(f"The body is not valid JSON: {error}") from error
        problem = _hostile_text(body)
        if problem:
            raise errors.BodyNotJson(f"The body is not usable: {problem}.")
        request._api_body = body  # type: ignore[attr-defined]  # read by errors.install
        return body


def _hostile_text(document: Any, where: str = "the body") -> str | None:
    """Where the parsed JSON holds a string no field takes (a NUL, a lone surrogate)."""
    if isinstance(document, str):
        problem = text_problem(document)
        return f"{where} {problem}" if problem else None
    if isinstance(document, list):
        entries = ((f"{where}[{n}]", value) for n, value in enumerate(document, start=1))
        return next(filter(None, (_hostile_text(v, label) for label, v in entries)), None)
    if isinstance(document, dict):
        for key, value in document.items():
            label = key if where == "the body" else f"{where}.{key}"
            problem = _hostile_text(key, "a field name") or _hostile_text(value, label)
            if problem:
                return problem
    return None


class ReadablePage(DocsBase):
    """The docs page: the generated document as a page of the site (no CDN scripts, so
    it works under the Content Security Policy)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(request, "api/docs.html", {"schema": schema})


api = NinjaAPI(
    title="Nations Cup API",
    version="1",
    description=(
        "Read-only data of the Nations Cup: seasons, rounds, results, standings, drivers "
        "and live events, plus the results-ingestion endpoint of the race servers. Times "
        "are UTC. Lists are paginated by cursor (follow ``next``); standings by position "
        "range (``page``)."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs=ReadablePage(),
    docs_url="/docs/",
    parser=JsonBody(),
)
errors.install(api)
for area in ROUTERS:
    api.add_router("", area.router)


class Index(Closed):
    openapi: AbsoluteUrl
    docs: AbsoluteUrl
    seasons: AbsoluteUrl
    drivers: AbsoluteUrl
    live_events: AbsoluteUrl


@api.get("", response=Index, operation_id="index", summary="Where to start", url_name="index")
def index(request: HttpRequest) -> dict[str, str]:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(f"api:{name}"))

    return {
        "openapi": url("openapi-json"),
        "docs": url("openapi-view"),
        "seasons": url("season_list"),
        "drivers": url("driver_list"),
        "live_events": url("live_event_list"),
    }
