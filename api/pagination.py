"""Keyset pages as the API shows them: ``{"results": [...], "next": url or null}``."""

from typing import Any

from django.http import HttpRequest

from leagues.selectors.paging import KeysetPage


def keyset_body(request: HttpRequest, page: KeysetPage[Any]) -> dict[str, Any]:
    """The page's rows and the link to the next one: this request with ``after`` moved."""
    next_url = None
    if page.next_after is not None:
        query = request.GET.copy()
        query["after"] = page.next_after
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"results": page.rows, "next": next_url}
