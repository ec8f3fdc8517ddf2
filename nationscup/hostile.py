"""Text no way into the site accepts: a NUL character, a lone surrogate, bytes that are not
UTF-8, and query values longer than any the site asks for.

PostgreSQL refuses NUL in text (a query or a write holding one is a server error,
not a miss), a lone surrogate cannot be encoded for the database or the page, and
an unbounded value makes every search scan with it. ``RefuseHostileInput`` turns
them away at the door with HTTP 400 and the reason; the same check serves the CSV
reader (``leagues.csvfiles``) and the API's JSON parser (``api.main``).
"""

import re
from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

_HOSTILE = re.compile("[\x00\ud800-\udfff]")
MAX_PATH_LENGTH = 2000
MAX_QUERY_VALUE_LENGTH = 1000
"""Longer than any address or search the site makes (an online id is 32 characters)."""


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be taken (``"holds a NUL character"``), or None when it can."""
    found = _HOSTILE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "holds a NUL character"
    return "holds a lone surrogate, which is not text"


def _encoded_problem(raw: bytes, what: str, limit: int | None) -> str | None:
    """The problem of an ``application/x-www-form-urlencoded`` string (a query or a form)."""
    for pair in raw.split(b"&"):  # as Django's QueryDict splits it
        name_bytes, _, value_bytes = pair.replace(b"+", b" ").partition(b"=")
        try:
            name = unquote_to_bytes(name_bytes).decode()
            value = unquote_to_bytes(value_bytes).decode()
        except UnicodeDecodeError:
            return f"The {what} is not UTF-8 text."
        for part, text in (("name", name), ("value", value)):
            problem = text_problem(text)
            if problem:
                return f"The {what} parameter {name[:40]!r}: its {part} {problem}."
        if limit is not None and max(len(name), len(value)) > limit:
            return f"The {what} parameter {name[:40]!r} is longer than {limit} characters."
    return None


def request_problem(request: HttpRequest) -> str | None:
    """What makes this request unreadable for every view, or None."""
    # Django quotes the bytes of a path that are not UTF-8 again (``%ED%A0%80``) before
    # any middleware sees it; no address of the site has a ``%`` of its own, so a path
    # whose quoted bytes are not UTF-8 either way was not UTF-8 as sent.
    try:
        path = unquote_to_bytes(request.path_info).decode()
    except UnicodeDecodeError:
        return "The address is not UTF-8 text."
    problem = text_problem(path)
    if problem:
        return f"The address {problem}."
    if len(path) > MAX_PATH_LENGTH:
        return f"The address is longer than {MAX_PATH_LENGTH} characters."
    problem = _encoded_problem(
        get_bytes_from_wsgi(request.META, "QUERY_STRING", ""), "query", MAX_QUERY_VALUE_LENGTH
    )
    if problem or request.method != "POST" or request.path_info.startswith("/api/"):
        return problem  # the API takes JSON only, and its parser reads its own body
    if request.content_type == "application/x-www-form-urlencoded":
        return _encoded_problem(request.body, "form", None)  # the form checks the lengths
    if request.content_type == "multipart/form-data":
        for name, values in request.POST.lists():  # decoded already: only NUL is left
            for text in (name, *values):
                problem = text_problem(text)
                if problem:
                    return f"The form field {name[:40]!r} {problem}."
    return None


class RefuseHostileInput:
    """HTTP 400 with the reason for a request no view can read; cookies holding NUL are
    dropped (the browser would send them again and again), as if never set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = request_problem(request)
        if problem is not None:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"error": problem}, status=400)
            return render(request, "400.html", {"reason": problem}, status=400)
        if any(text_problem(k) or text_problem(v) for k, v in request.COOKIES.items()):
            request.COOKIES = {
                k: v for k, v in request.COOKIES.items() if not (text_problem(k) or text_problem(v))
            }
        return self.get_response(request)
